using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Files;

public static class FilesServiceCollectionExtensions
{
    /// <summary>
    /// The file store chosen by <c>Files:Provider</c> as <see cref="IFileStore"/> (options validated at start-up), plus
    /// <see cref="LocalFileStore"/> itself for <see cref="LocalFileEndpoints.MapLocalFiles"/> when the store is local.
    /// </summary>
    public static IServiceCollection AddFileStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FileStoreOptions>().Bind(configuration.GetSection(FileStoreOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FileStoreOptions>, FileStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var provider = configuration.GetSection(FileStoreOptions.SectionName).GetValue(nameof(FileStoreOptions.Provider), FileStoreProvider.Local);
        if (provider == FileStoreProvider.S3)
        {
            services.TryAddSingleton<S3FileStore>();
            services.TryAddSingleton<IFileStore>(sp => sp.GetRequiredService<S3FileStore>());
        }
        else
        {
            services.TryAddSingleton<LocalFileStore>();
            services.TryAddSingleton<IFileStore>(sp => sp.GetRequiredService<LocalFileStore>());
        }

        return services;
    }
}
