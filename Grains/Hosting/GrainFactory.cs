using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Runtime;

namespace Orleans.Delivery.Grains.Hosting;

/// <summary>Hands out references: thin objects whose every call is one turn of the grain, run through the engine.</summary>
public sealed class GrainFactory(GrainClient client, IEnumerable<IGrainReferenceFactory> factories) : IGrainFactory
{
    private readonly Dictionary<Type, IGrainReferenceFactory> byInterface = factories.ToDictionary(f => f.Interface);

    public TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrainWithStringKey
    {
        _ = new GrainId("validate", key);
        return byInterface.TryGetValue(typeof(TGrain), out var factory)
            ? (TGrain)factory.Create(client, key)
            : throw new ArgumentException($"No grain implements {typeof(TGrain).Name}.", nameof(TGrain));
    }
}

/// <summary>Makes references for one grain interface.</summary>
public interface IGrainReferenceFactory
{
    Type Interface { get; }

    object Create(GrainClient client, string key);
}

internal sealed class GrainReferenceFactory<TInterface>(Func<GrainClient, string, TInterface> create) : IGrainReferenceFactory
    where TInterface : class
{
    public Type Interface => typeof(TInterface);

    public object Create(GrainClient client, string key) => create(client, key);
}
