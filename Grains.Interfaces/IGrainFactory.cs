namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>A grain addressed by a string key.</summary>
public interface IGrainWithStringKey
{
    /// <summary>The grain's key.</summary>
    string Key { get; }
}

/// <summary>Hands out references to grains. A reference is cheap; every call on it is one turn of that grain.</summary>
public interface IGrainFactory
{
    /// <summary>The grain of type <typeparamref name="TGrain"/> with key <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The key is empty or longer than 512 characters.</exception>
    TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrainWithStringKey;
}
