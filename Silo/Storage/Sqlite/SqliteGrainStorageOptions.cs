using System.ComponentModel.DataAnnotations;
using Orleans.Storage;

namespace Orleans.Delivery.Silo.Storage.Sqlite;

/// <summary>
/// Where and how a <see cref="SqliteGrainStorage"/> keeps grain state. Named after the storage provider it
/// configures; validated when the provider is built.
/// </summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The default database file, relative to the working directory.</summary>
    public const string DefaultDatabasePath = "data/orleans.db";

    /// <summary>The SQLite database file, absolute or relative to the working directory; its directory is created
    /// if missing. Default <c>data/orleans.db</c>. Rows are keyed by state name and grain id only, so two storage
    /// providers that could store the same state name for the same grain need two files.</summary>
    [Required]
    public string DatabasePath { get; set; } = DefaultDatabasePath;

    /// <summary>The most writes committed in one transaction. Writes queue while a commit is on disk and the next
    /// transaction takes up to this many. Default 512; between 1 and 100,000.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>The silo lifecycle stage at which the file is opened and its table created. Default
    /// <see cref="ServiceLifecycleStage.ApplicationServices"/>.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>How grain state becomes bytes. Default: the serializer registered for this provider's name, else
    /// the silo's <see cref="IGrainStorageSerializer"/>.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
