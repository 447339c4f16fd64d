using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Delivery.Silo.Storage;

/// <summary>
/// Puts a fixed prefix before every grain key on its way to Orleans' ADO.NET grain storage. That storage first reads
/// a string key as a hexadecimal number (then as a GUID) and stores the number, so storefront ids such as "12" and
/// "012", or "ab" and "AB", would share one row; no key that starts with "k-" reads as a number.
/// </summary>
public sealed class KeyPrefixedGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public const string Prefix = "k-";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, Stored(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, Stored(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, Stored(grainId), grainState);

    /// <summary>The id the inner storage sees for <paramref name="grainId"/>.</summary>
    public static GrainId Stored(GrainId grainId) => GrainId.Create(grainId.Type, IdSpan.Create(Prefix + grainId.Key));
}
