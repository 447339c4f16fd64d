using System.Net;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Resolves a merchant webhook's host name to addresses. The connection dials what this answers, after checking it, so
/// a name that answers differently at each lookup (DNS rebinding) never reaches a refused address.
/// </summary>
public interface IMerchantHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system's resolver; an IP literal resolves to itself.</summary>
public sealed class DnsMerchantHostResolver : IMerchantHostResolver
{
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}
