namespace Orleans.Delivery.Runtime;

/// <summary>The address of a grain: its type name and its string key.</summary>
public readonly record struct GrainId
{
    /// <summary>The longest key the engine accepts.</summary>
    public const int MaxKeyLength = 512;

    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("A grain key must not be empty.", nameof(key));
        }

        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A grain key must be at most {MaxKeyLength} characters; this one has {key.Length}.", nameof(key));
        }

        Type = type;
        Key = key;
    }

    public string Type { get; }

    public string Key { get; }

    public override string ToString() => $"{Type}/{Key}";
}
