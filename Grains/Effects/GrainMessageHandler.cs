using Orleans.Runtime;

namespace Orleans.Delivery.Grains.Effects;

/// <summary>Carries <see cref="GrainMessage"/>s to grains of one type (the effect kind); receivers treat a repeat as a no-op.</summary>
public sealed class GrainMessageHandler(string grainType, IGrainFactory grains) : IEffectHandler
{
    public string Kind => grainType;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var message = GrainMessage.Decode(context.Payload);
        await grains.GetGrain<IEffectHost>(GrainId.Create(message.GrainType, message.GrainKey)).ReceiveAsync(message.Message, context.IdempotencyKey);
        return EffectResult.Done;
    }
}
