using Orleans.Runtime;

namespace Orleans.Delivery.Grains.Effects;

/// <summary>Carries a <see cref="GrainMessage"/> to its grain; receivers treat a repeat as a no-op.</summary>
public sealed class GrainMessageHandler(IGrainFactory grains) : IEffectHandler
{
    public string Kind => GrainMessage.Kind;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var message = GrainMessage.Decode(context.Payload);
        await grains.GetGrain<IEffectHost>(GrainId.Create(message.GrainType, message.GrainKey)).ReceiveAsync(message.Message, context.IdempotencyKey);
        return EffectResult.Done;
    }
}
