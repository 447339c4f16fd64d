using System.Collections.Concurrent;
using System.Reflection;

namespace Orleans.Delivery.Runtime.Storage;

/// <summary>The store's SQL, embedded from <c>Sql/</c>: a dialect's own file wins over the common one.</summary>
internal sealed class SqlScripts(string dialect)
{
    private static readonly Assembly Assembly = typeof(SqlScripts).Assembly;
    private readonly ConcurrentDictionary<string, string> cache = new();

    public string this[string name] => cache.GetOrAdd(name, Load);

    /// <summary>The dialect's migrations, ordered by their numeric prefix.</summary>
    public IReadOnlyList<(int Version, string Name, string Sql)> Migrations()
    {
        var prefix = $"sql/{dialect}/Migrations/";
        return Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..];
                return (Version: int.Parse(file.AsSpan(0, file.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture), Name: file, Sql: Read(n));
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    private string Load(string name)
    {
        foreach (var candidate in new[] { $"sql/{dialect}/{name}.sql", $"sql/Common/{name}.sql" })
        {
            if (Assembly.GetManifestResourceInfo(candidate) is not null)
            {
                return Read(candidate);
            }
        }

        throw new InvalidOperationException($"No SQL script '{name}' for {dialect}.");
    }

    private static string Read(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded SQL '{resource}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
