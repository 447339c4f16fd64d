using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Silo.Storage.Sqlite;

/// <summary>Validates <see cref="SqliteReminderTableOptions"/> by its data annotations, generated at compile time.</summary>
[OptionsValidator]
public sealed partial class SqliteReminderTableOptionsValidator : IValidateOptions<SqliteReminderTableOptions>;
