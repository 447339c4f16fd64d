using Orleans.Delivery.Runtime;
using Orleans.Runtime;

namespace Orleans.Delivery.Grains.Hosting;

/// <summary>
/// Hands out references on the engine: thin objects whose every call is one turn of the grain. The product's grains
/// are addressed by string key only, so the other ways Orleans' factory offers (Guid and integer keys, grain ids,
/// observers) are refused.
/// </summary>
public sealed class GrainFactory(GrainClient client, IEnumerable<IGrainReferenceFactory> factories) : IGrainFactory
{
    private readonly Dictionary<Type, IGrainReferenceFactory> byInterface = factories.ToDictionary(f => f.Interface);

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey =>
        (TGrainInterface)GetGrain(typeof(TGrainInterface), primaryKey);

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey)
    {
        _ = new Runtime.GrainId("validate", grainPrimaryKey);
        return byInterface.TryGetValue(grainInterfaceType, out var factory)
            ? (IGrain)factory.Create(client, grainPrimaryKey)
            : throw new ArgumentException($"No grain implements {grainInterfaceType.Name}.", nameof(grainInterfaceType));
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => throw StringKeysOnly();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey => throw StringKeysOnly();

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey => throw StringKeysOnly();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey => throw StringKeysOnly();

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => throw StringKeysOnly();

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => throw StringKeysOnly();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw StringKeysOnly();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw StringKeysOnly();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw StringKeysOnly();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw StringKeysOnly();

    public TGrainInterface GetGrain<TGrainInterface>(Orleans.Runtime.GrainId grainId)
        where TGrainInterface : IAddressable => throw StringKeysOnly();

    public IAddressable GetGrain(Orleans.Runtime.GrainId grainId) => throw StringKeysOnly();

    public IAddressable GetGrain(Orleans.Runtime.GrainId grainId, GrainInterfaceType interfaceType) => throw StringKeysOnly();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw StringKeysOnly();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw StringKeysOnly();

    private static NotSupportedException StringKeysOnly() =>
        new("The product's grains are addressed by string key: use GetGrain<TGrainInterface>(string).");
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
