namespace Orleans.Delivery.Gateway.Files;

/// <summary>A stored product file: its key, length in bytes and media type.</summary>
public sealed record FileStored(string Key, long Length, string ContentType);
