using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// Reads the API key options at start, so that key files are generated before the first request, and says where they
/// are kept — at every start, so an operator who lost the first log still finds them. Never the keys themselves.
/// </summary>
public sealed class ApiKeyFilesReport(IOptionsMonitor<ApiKeyOptions> options, ApiKeyFiles files, ILogger<ApiKeyFilesReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = options.CurrentValue;
        foreach (var (role, path) in files.Used.OrderByDescending(u => u.Key == ApiRole.Admin))
        {
            ApiKeysLog.KeyFileInUse(logger, role == ApiRole.Admin ? "admin" : "storefront", path);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
