using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Delivery.Silo.Database;

/// <summary>
/// One versioned schema change: <c>Database/Migrations/NNNN_name.sql</c>, embedded in the Silo assembly. Applied
/// migrations are never edited; a change to the schema is a new file with the next number.
/// </summary>
public sealed partial record SchemaMigration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "migrations/";

    /// <summary>Hex SHA-256 of the script, recorded when it is applied so that a later edit is noticed.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary><c>0003_grain_storage</c>: how logs and the <c>migrate</c> command name it.</summary>
    public override string ToString() => $"{Version:D4}_{Name}";

    /// <summary>The migrations embedded in the Silo assembly, in version order.</summary>
    public static IReadOnlyList<SchemaMigration> Embedded { get; } = Load(typeof(SchemaMigration).Assembly);

    internal static IReadOnlyList<SchemaMigration> Load(Assembly assembly)
    {
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var file = resource[ResourcePrefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration {file} is not named NNNN_name.sql (four digits, lower-case name).");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new SchemaMigration(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migrations must be numbered 1, 2, 3, ... without gaps or repeats; found {string.Join(", ", migrations)}.");
            }
        }

        return migrations;
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
