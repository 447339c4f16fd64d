namespace Orleans.Delivery.Silo.Payments;

/// <summary>
/// One provider's OAuth bearer token, reused until shortly before it expires. Callers racing for a fresh token
/// wait for a single request; a failed request is not cached.
/// </summary>
internal sealed class BearerTokenCache(TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private CachedToken? _current;

    /// <summary>A usable token, fetched with <paramref name="fetch"/> when none is cached; null with a reason on failure.</summary>
    public async Task<(string? Token, string? Failure)> GetAsync(
        Func<CancellationToken, Task<TokenFetch>> fetch, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is { } cached && cached.RefreshAt > timeProvider.GetUtcNow())
        {
            return (cached.Value, null);
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _current) is { } refreshed && refreshed.RefreshAt > timeProvider.GetUtcNow())
            {
                return (refreshed.Value, null);
            }

            var result = await fetch(cancellationToken);
            if (result.Token is null)
            {
                return (null, result.Failure ?? "no token");
            }

            Volatile.Write(ref _current, new CachedToken(result.Token, result.RefreshAt));
            return (result.Token, null);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> after the provider refused it, unless a newer one already replaced it.</summary>
    public void Invalidate(string token)
    {
        if (Volatile.Read(ref _current) is { } cached && cached.Value == token)
        {
            Interlocked.CompareExchange(ref _current, null, cached);
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);
}
