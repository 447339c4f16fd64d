namespace Orleans.Delivery.Grains.Effects;

/// <summary>Exponential backoff with full jitter between half and the whole delay.</summary>
public static class Backoff
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="jitter">A number in [0, 1), passed in so the computation stays deterministic.</param>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, double jitter)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var raw = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(raw * (0.5 + (jitter * 0.5)));
    }
}
