using System.Net;
using System.Net.Sockets;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Which addresses a merchant webhook call may dial. The URL is a seller's, so by default nothing of our own network:
/// loopback, private, link-local, shared (carrier-grade NAT), unique-local and cloud-metadata addresses are refused, as
/// are IPv4-mapped IPv6 addresses (a way to write a refused IPv4 address past a check) and anything not unicast.
/// </summary>
public static class MerchantTargets
{
    // System.Net.IPNetwork does the prefix arithmetic; the list of what to refuse is ours.
    private static readonly (IPNetwork Network, string Kind)[] Refused =
    [
        (IPNetwork.Parse("169.254.169.254/32"), "a cloud metadata address"),
        (IPNetwork.Parse("169.254.170.2/32"), "a cloud metadata address"),
        (IPNetwork.Parse("100.100.100.200/32"), "a cloud metadata address"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "a cloud metadata address"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared address (100.64.0.0/10)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("::ffff:0:0/96"), "an IPv4-mapped IPv6 address"),
        (IPNetwork.Parse("::/96"), "an IPv4-compatible IPv6 address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local IPv6 address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    // Prefixes whose addresses carry an IPv4 address inside (NAT64, 6to4): checked as that address too.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Why <paramref name="address"/> may not be dialled, or null when it may.</summary>
    public static string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return "not an IP address";
        }

        // Asked of the address itself before any prefix: IPNetwork does not treat a mapped address as IPv6-only.
        if (address.IsIPv4MappedToIPv6)
        {
            return "an IPv4-mapped IPv6 address";
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

                foreach (var (network, kind) in Refused)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return kind;
            }
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            var embedded = Nat64.Contains(address) ? new IPAddress(bytes[12..16])
                : SixToFour.Contains(address) ? new IPAddress(bytes[2..6])
                : null;
            if (embedded is not null && Refusal(embedded) is { } inner)
            {
                return $"an IPv6 address carrying {inner}";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="uri"/> names a scheme a merchant webhook may use: http or https.</summary>
    public static bool IsWebScheme(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;
}
