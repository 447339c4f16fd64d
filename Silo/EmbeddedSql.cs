using System.Collections.Concurrent;

namespace Orleans.Delivery.Silo;

/// <summary>The SQL statements embedded in the Silo (see its project file for the folder behind each prefix), each read once.</summary>
internal static class EmbeddedSql
{
    private static readonly ConcurrentDictionary<string, string> Statements = new(StringComparer.Ordinal);

    /// <summary>The text of the embedded statement <paramref name="name"/>, e.g. <c>operations/append.sql</c>.</summary>
    public static string Read(string name) => Statements.GetOrAdd(name, static key =>
    {
        using var stream = typeof(EmbeddedSql).Assembly.GetManifestResourceStream(key)
            ?? throw new InvalidOperationException($"The embedded statement {key} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
