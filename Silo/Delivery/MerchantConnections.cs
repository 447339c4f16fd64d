using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Opens the connections of merchant webhook calls (<see cref="SocketsHttpHandler.ConnectCallback"/>): the host is
/// resolved here, each address is checked against <see cref="MerchantTargets"/>, and only an allowed address is dialled,
/// so the check is on the address actually connected to, on every connection.
/// </summary>
public sealed class MerchantConnections(IMerchantHostResolver resolver, IOptions<MerchantWebhookOptions> options)
{
    /// <summary>The handler the calls go through: checked connections, no redirects followed, no proxy in between.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    };

    /// <summary>
    /// The addresses <paramref name="host"/> resolves to that may be dialled; throws
    /// <see cref="MerchantTargetRefusedException"/> naming the first refused one when none may.
    /// </summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await resolver.ResolveAsync(host, cancellationToken);
        if (options.Value.AllowPrivateTargets)
        {
            return addresses;
        }

        var allowed = addresses.Where(a => MerchantTargets.Refusal(a) is null).ToArray();
        if (allowed.Length > 0)
        {
            return allowed;
        }

        var refused = addresses.FirstOrDefault();
        throw new MerchantTargetRefusedException(refused is null
            ? $"{host} resolves to no address"
            : $"{host} resolves to {refused}, {MerchantTargets.Refusal(refused)}, which merchant webhooks may not reach");
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await AllowedAddressesAsync(endpoint.Host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
