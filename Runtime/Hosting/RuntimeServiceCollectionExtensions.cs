using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Runtime;
using Orleans.Delivery.Runtime.Storage;

namespace Microsoft.Extensions.DependencyInjection;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// The store chosen by configuration: PostgreSQL when <c>ConnectionStrings:Postgres</c> is set (or
    /// <c>Store:Provider</c> is <c>postgres</c>), else SQLite at <c>Store:SqlitePath</c>. Migrated at start-up.
    /// </summary>
    public static IServiceCollection AddGrainStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Store").Get<StoreOptions>() ?? new StoreOptions();
        var connectionString = configuration.GetConnectionString("Postgres");
        var provider = options.Provider ?? (string.IsNullOrWhiteSpace(connectionString) ? "sqlite" : "postgres");
        switch (provider.ToLowerInvariant())
        {
            case "postgres":
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new OptionsValidationException("Store", typeof(StoreOptions), ["Store:Provider is postgres but ConnectionStrings:Postgres is empty."]);
                }

                var pg = configuration.GetSection("Store:Postgres").Get<PostgresStoreOptions>() ?? new PostgresStoreOptions();
                pg.ConnectionString = connectionString;
                services.TryAddSingleton<GrainStore>(_ => new PostgresGrainStore(PostgresGrainStore.CreateDataSource(pg), ownsDataSource: true));
                break;
            case "sqlite":
                services.TryAddSingleton<GrainStore>(_ => SqliteGrainStore.OpenFile(options.SqlitePath));
                break;
            default:
                throw new OptionsValidationException("Store", typeof(StoreOptions), [$"Store:Provider '{provider}' is not one of sqlite, postgres."]);
        }

        return services.AddGrainClient();
    }

    /// <summary>An existing store, shared with other hosts in this process (tests); the caller disposes it.</summary>
    public static IServiceCollection AddGrainStore(this IServiceCollection services, GrainStore store)
    {
        services.TryAddSingleton(store);
        return services.AddGrainClient();
    }

    /// <summary>What any process needs to call grains: registry, client, the wake-up signal and the schema migration.</summary>
    public static IServiceCollection AddGrainClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkSignal>();
        services.TryAddSingleton(sp => new GrainRegistry(sp.GetServices<IGrainDefinition>()));
        services.TryAddSingleton<GrainClient>();
        if (!services.Any(d => d.ImplementationType == typeof(StoreMigrationService)))
        {
            // First hosted service: the schema exists before any loop or endpoint uses it.
            services.Insert(0, ServiceDescriptor.Singleton<Hosting.IHostedService, StoreMigrationService>());
        }

        return services;
    }

    /// <summary>The silo's loops: reminders and the outbox, woken by PostgreSQL notifications and polling.</summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiloOptions>().Bind(configuration.GetSection("Silo")).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SiloWorker>();
        services.AddHostedService<SiloHostedService>();
        services.AddHostedService<PostgresWakeupListener>();
        return services;
    }

    public static IServiceCollection AddGrain<TGrain>(this IServiceCollection services)
        where TGrain : class, IGrainDefinition
    {
        services.TryAddSingleton<TGrain>();
        services.AddSingleton<IGrainDefinition>(sp => sp.GetRequiredService<TGrain>());
        return services;
    }

    public static IServiceCollection AddEffectHandler<THandler>(this IServiceCollection services)
        where THandler : class, IEffectHandler
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton<IEffectHandler>(sp => sp.GetRequiredService<THandler>());
        return services;
    }
}
