namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// Refuses an outbound HTTP request of a fenced dispatch whose claim may have passed to another silo (see
/// <see cref="EffectFence"/>), right before the request leaves.
/// </summary>
public sealed class EffectFenceHandler : DelegatingHandler
{
    public EffectFenceHandler()
    {
    }

    public EffectFenceHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        EffectFence.Check();
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        EffectFence.Check();
        return base.Send(request, cancellationToken);
    }
}
