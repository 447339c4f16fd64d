using System.ComponentModel.DataAnnotations;

namespace Orleans.Delivery.Silo.Storage.Sqlite;

/// <summary>Where a <see cref="SqliteReminderTable"/> keeps reminders; validated when the table is built.</summary>
public sealed class SqliteReminderTableOptions
{
    /// <summary>The SQLite database file, absolute or relative to the working directory; its directory is created
    /// if missing. Default <c>data/orleans.db</c>, the grain storage's default file (the tables do not overlap).</summary>
    [Required]
    public string DatabasePath { get; set; } = SqliteGrainStorageOptions.DefaultDatabasePath;
}
