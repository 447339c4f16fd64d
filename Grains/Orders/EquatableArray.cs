using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

// Shared by every decider in this project (orders, customers, catalog); it sits in the Orders folder because that is
// its first user, and in the project's root namespace so the other features need no using.
namespace Orleans.Delivery.Grains;

/// <summary>
/// An immutable array with value equality. Records holding an <see cref="System.Collections.Immutable.ImmutableArray{T}"/>
/// compare by reference, which would make whole-record comparisons (idempotency checks, specs) silently wrong.
/// </summary>
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
[JsonConverter(typeof(EquatableArrayJsonConverterFactory))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly T[]? items;

    public EquatableArray(IEnumerable<T> source) => items = source.ToArray();

    private EquatableArray(T[] owned) => items = owned;

    public static EquatableArray<T> Empty => default;

    public int Count => items?.Length ?? 0;

    public bool IsEmpty => Count == 0;

    public T this[int index] => (items ?? [])[index];

    public EquatableArray<T> Add(T item) => new([.. items ?? [], item]);

    public EquatableArray<T> AddRange(IEnumerable<T> more) => new([.. items ?? [], .. more]);

    /// <summary>Replaces every element matching <paramref name="match"/> with <paramref name="update"/> applied to it.</summary>
    public EquatableArray<T> Update(Func<T, bool> match, Func<T, T> update) =>
        new((items ?? []).Select(x => match(x) ? update(x) : x).ToArray());

    public EquatableArray<T> RemoveAll(Func<T, bool> match) => new((items ?? []).Where(x => !match(x)).ToArray());

    public static EquatableArray<T> Wrap(T[] owned) => new(owned);

    public bool Equals(EquatableArray<T> other) =>
        AsSpan().SequenceEqual(other.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsSpan())
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public ReadOnlySpan<T> AsSpan() => items ?? [];

    /// <summary>The items themselves, for a reader that never writes them (the JSON converter), without a copy.</summary>
    internal T[] Items => items ?? [];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Records print their members with ToString; listing the elements makes spec failures readable.
    public override string ToString() => "[" + string.Join(", ", items ?? []) + "]";

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    public static implicit operator EquatableArray<T>(T[] source) => new(source.ToArray());
}

/// <summary>Builder for collection expressions (<c>[a, b]</c>) targeting <see cref="EquatableArray{T}"/>.</summary>
public static class EquatableArray
{
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => EquatableArray<T>.Wrap(items.ToArray());

    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> source) => EquatableArray<T>.Wrap(source.ToArray());
}
