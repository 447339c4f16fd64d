using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orleans.Delivery.Testing.Servers;

/// <summary>
/// Runs the node scripts of <c>tests/servers</c>: installs their packages once (<c>npm ci</c>) and starts a
/// script as a child process that is killed on dispose and at process exit.
/// </summary>
public static class NodeTools
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static volatile bool _installed;

    /// <summary>Installs the npm packages of <c>tests/servers</c> unless they already are.</summary>
    public static async Task EnsureInstalledAsync()
    {
        if (_installed)
        {
            return;
        }

        await InstallGate.WaitAsync();
        try
        {
            if (!_installed && !IsInstalled())
            {
                // Test assemblies run in parallel processes; the file lock keeps them from running npm ci together.
                await using var fileLock = await AcquireFileLockAsync(InstallTimeout);
                if (!IsInstalled())
                {
                    await RunNpmCiAsync();
                }
            }

            _installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>
    /// Starts <c>node tests/servers/{script} {arguments}</c> and waits for its <c>READY {json}</c> line.
    /// </summary>
    /// <param name="script">File name of the script in <c>tests/servers</c>.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="readyTimeout">How long to wait for the ready line; default 30 seconds.</param>
    public static async Task<NodeProcess> StartScriptAsync(string script, IReadOnlyList<string> arguments, TimeSpan? readyTimeout = null)
    {
        await EnsureInstalledAsync();
        var path = Path.Combine(RepositoryPaths.TestServers, script);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Node test server script {path} is missing.", path);
        }

        return await NodeProcess.StartAsync(path, arguments, readyTimeout ?? TimeSpan.FromSeconds(30));
    }

    private static bool IsInstalled()
    {
        var directory = RepositoryPaths.TestServers;
        var modules = Path.Combine(directory, "node_modules");

        // npm writes node_modules/.package-lock.json last, so an interrupted install is not taken for a finished one.
        if (!File.Exists(Path.Combine(modules, ".package-lock.json")))
        {
            return false;
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "package.json")));
        return !manifest.RootElement.TryGetProperty("dependencies", out var dependencies)
            || dependencies.EnumerateObject().All(d => File.Exists(Path.Combine(modules, d.Name, "package.json")));
    }

    private static async Task RunNpmCiAsync()
    {
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(
                "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], InstallTimeout, RepositoryPaths.TestServers);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is Win32Exception)
        {
            throw new InvalidOperationException(
                "npm was not found. The S3 and SMTP test servers run on Node.js: install it with `apt-get install -y nodejs npm`.", ex);
        }

        result.EnsureSuccess($"Installing the test servers' npm packages in {RepositoryPaths.TestServers}");
    }

    private static async Task<FileStream> AcquireFileLockAsync(TimeSpan timeout)
    {
        // string.GetHashCode differs per process; the lock name must be the same in every test process.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(RepositoryPaths.TestServers)))[..16];
        var name = $"orleans-delivery-npm-{hash}.lock";
        var path = Path.Combine(Path.GetTempPath(), name);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Unix, held until the stream is disposed.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < timeout)
            {
                // .NET has no awaitable file lock; poll while the other process installs.
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
