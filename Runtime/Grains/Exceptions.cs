namespace Orleans.Delivery.Runtime;

/// <summary>A grain's stored state could not be read; the row is kept unchanged for inspection.</summary>
public sealed class GrainStateUnreadableException(GrainId id, long version, Exception inner)
    : Exception($"The stored state of grain {id} (version {version}) cannot be read; it was left unchanged for inspection.", inner)
{
    public GrainId GrainId { get; } = id;

    public long Version { get; } = version;
}

/// <summary>No grain type of that name is registered with the engine.</summary>
public sealed class UnknownGrainTypeException(string typeName)
    : ArgumentException($"No grain type named '{typeName}' is registered.", "type")
{
    public string TypeName { get; } = typeName;
}
