using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Silo.Storage.Sqlite;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

// As Orleans' own providers do: silo builder extensions live in the builder's namespace.
namespace Orleans.Hosting;

/// <summary>Registers the single node's SQLite grain storage and reminder table on a silo.</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>Adds SQLite grain storage as the silo's default storage, kept in <paramref name="databasePath"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, string databasePath) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, options => options.DatabasePath = databasePath);

    /// <summary>Adds SQLite grain storage as the silo's default storage.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions>? configure = null) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Adds SQLite grain storage named <paramref name="name"/> (the <c>storageName</c> of
    /// <c>[PersistentState]</c>), kept in <paramref name="databasePath"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, string databasePath) =>
        builder.AddSqliteGrainStorage(name, options => options.DatabasePath = databasePath);

    /// <summary>Adds SQLite grain storage named <paramref name="name"/> (the <c>storageName</c> of
    /// <c>[PersistentState]</c>). Its options are validated at silo start.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions>? configure = null) =>
        builder.ConfigureServices(services =>
        {
            var options = services.AddOptions<SqliteGrainStorageOptions>(name).ValidateOnStart();
            if (configure is not null)
            {
                options.Configure(configure);
            }

            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>());
            services.AddGrainStorage(name, SqliteGrainStorage.Create);
        });

    /// <summary>Keeps the silo's reminders in SQLite, in <paramref name="databasePath"/>.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, string databasePath) =>
        builder.UseSqliteReminderService(options => options.DatabasePath = databasePath);

    /// <summary>Keeps the silo's reminders in SQLite. Its options are validated at silo start.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configure) =>
        builder.AddReminders().ConfigureServices(services =>
        {
            services.AddOptions<SqliteReminderTableOptions>().Configure(configure).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteReminderTableOptions>, SqliteReminderTableOptionsValidator>());
            services.AddSingleton<IReminderTable, SqliteReminderTable>();
        });
}
