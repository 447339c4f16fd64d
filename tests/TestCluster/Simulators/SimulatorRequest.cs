namespace Orleans.Delivery.Testing.Simulators;

/// <summary>One request the payment simulator received, in arrival order.</summary>
/// <param name="Sequence">1-based arrival number across all providers.</param>
/// <param name="ReceivedAt">The simulator clock when the request arrived.</param>
public sealed record SimulatorRequest(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string QueryString,
    string Body,
    IReadOnlyDictionary<string, string> Headers);
