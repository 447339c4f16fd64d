using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Delivery.Testing.Servers;

/// <summary>
/// A throwaway PostgreSQL cluster in a temp directory: initdb, pg_ctl start on a free loopback port, and
/// pg_ctl stop plus delete once this process is gone. Durability is switched off because the data dies with the run.
/// </summary>
internal sealed class PostgresCluster
{
    private const string DirectoryPrefix = "orleans-delivery-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private PostgresCluster(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    /// <summary>
    /// Restarts the server as an operator's <c>pg_ctl restart -m fast</c> does: every connection is cut, the server
    /// is down for the moment it takes to start again, on the same port with the same data.
    /// </summary>
    public async Task RestartAsync()
    {
        var bin = FindBinaries();
        (await ProcessRunner.RunAsPostgresAsync(
                Path.Combine(bin, "pg_ctl"),
                ["restart", "-D", Path.Combine(Directory, "data"), "-m", "fast", "-l", Path.Combine(Directory, "server.log"), "-w", "-t", "60",
                    "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)}"],
                ToolTimeout))
            .EnsureSuccess("Restarting PostgreSQL");
    }

    public string Directory { get; }

    public int Port { get; }

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        await EnsurePostgresUserAsync();
        await RemoveOrphansAsync(bin);

        var directory = Path.Combine(TempRoot(), DirectoryPrefix + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            if (ProcessRunner.IsRoot)
            {
                (await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", directory], ToolTimeout))
                    .EnsureSuccess("Giving the PostgreSQL temp directory to the postgres user");
            }

            var data = Path.Combine(directory, "data");
            (await ProcessRunner.RunAsPostgresAsync(
                    Path.Combine(bin, "initdb"),
                    ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                    ToolTimeout))
                .EnsureSuccess("initdb");
            await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), $"""

                # Throwaway test cluster: speed over durability.
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '{directory}'
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                max_connections = 300
                """);

            // The watcher goes first so that no moment exists where a running cluster has nobody to stop it.
            StartWatchdog(bin, directory);
            return await StartOnFreePortAsync(bin, directory);
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    private static async Task<PostgresCluster> StartOnFreePortAsync(string bin, string directory)
    {
        var data = Path.Combine(directory, "data");
        var log = Path.Combine(directory, "server.log");
        ProcessResult? last = null;

        // Another process may take the port between our probe and the server's bind: try a few ports.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreeLoopbackPort();
            last = await ProcessRunner.RunAsPostgresAsync(
                Path.Combine(bin, "pg_ctl"),
                ["start", "-D", data, "-l", log, "-w", "-t", "60", "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}"],
                ToolTimeout);
            if (last.ExitCode == 0)
            {
                return new PostgresCluster(directory, port);
            }
        }

        var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no server log)";
        last!.EnsureSuccess($"Starting PostgreSQL (server log:\n{serverLog})");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// Stops the cluster and deletes its directory once this process has exited. A detached watcher does it
    /// rather than a ProcessExit handler because the test platform kills the test host moments after the last
    /// test, before a handler could finish pg_ctl stop, and a killed or crashed host runs no handler at all.
    /// </summary>
    private static void StartWatchdog(string bin, string directory)
    {
        const string script = """
            owner="$1"; pg_ctl="$2"; data="$3"; dir="$4"; as_postgres="$5"
            exec </dev/null >/dev/null 2>&1
            while kill -0 "$owner"; do sleep 0.5; done
            if [ "$as_postgres" = yes ]; then
              runuser -u postgres -- "$pg_ctl" stop -D "$data" -m immediate -w -t 30
            else
              "$pg_ctl" stop -D "$data" -m immediate -w -t 30
            fi
            rm -rf "$dir"
            """;
        var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in new[]
                 {
                     "bash", "-c", script, "orleans-delivery-pg-watchdog",
                     Environment.ProcessId.ToString(CultureInfo.InvariantCulture), Path.Combine(bin, "pg_ctl"),
                     Path.Combine(directory, "data"), directory, ProcessRunner.IsRoot ? "yes" : "no",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var watchdog = Process.Start(startInfo)
            ?? throw new InvalidOperationException("Could not start the watcher that removes the test PostgreSQL cluster.");
    }

    private static async Task StopAsync(string bin, string data)
    {
        if (!File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            return;
        }

        var result = await ProcessRunner.RunAsPostgresAsync(
            Path.Combine(bin, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w", "-t", "30"], TimeSpan.FromSeconds(40));
        if (result.ExitCode != 0)
        {
            // Housekeeping for an earlier run must not fail this one: say what happened and move on.
            Console.Error.WriteLine($"Stopping the orphaned test PostgreSQL in {data} failed: {result.StandardError}");
        }
    }

    /// <summary>
    /// The newest PostgreSQL server install: Debian puts each major version in /usr/lib/postgresql/N/bin
    /// and puts only client tools on PATH; other layouts have initdb on PATH.
    /// </summary>
    private static string FindBinaries()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debianRoot))
        {
            var newest = System.IO.Directory.GetDirectories(debianRoot)
                .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Directory, "bin", "initdb")) && File.Exists(Path.Combine(d.Directory, "bin", "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Directory, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (onPath is not null)
        {
            return onPath;
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or on PATH. " +
            "Tests that need PostgreSQL cannot run without them. Install them with `apt-get install -y postgresql` " +
            "(Debian/Ubuntu, as root), or set " + PostgresServer.ConnectionStringVariable +
            " to the connection string of a PostgreSQL server whose user may create databases (./test.sh does this for you).");
    }

    private static async Task EnsurePostgresUserAsync()
    {
        if (!ProcessRunner.IsRoot)
        {
            return;
        }

        var exists = await ProcessRunner.RunAsync("id", ["-u", "postgres"], ToolTimeout);
        if (exists.ExitCode == 0)
        {
            return;
        }

        var created = await ProcessRunner.RunAsync(
            "useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "postgres"], ToolTimeout);
        // A parallel test process may have created it in the meantime; only a still-missing user is an error.
        if (created.ExitCode != 0 && (await ProcessRunner.RunAsync("id", ["-u", "postgres"], ToolTimeout)).ExitCode != 0)
        {
            created.EnsureSuccess("Creating the postgres OS user (PostgreSQL refuses to run as root)");
        }
    }

    /// <summary>
    /// The watcher can itself be lost (machine reset, watcher killed); the next run stops and deletes clusters
    /// whose owning process is gone, so they do not pile up on a developer's machine.
    /// </summary>
    private static async Task RemoveOrphansAsync(string bin)
    {
        foreach (var directory in System.IO.Directory.GetDirectories(TempRoot(), DirectoryPrefix + "*"))
        {
            string owner;
            try
            {
                owner = (await File.ReadAllTextAsync(Path.Combine(directory, OwnerFile))).Trim();
            }
            catch (IOException)
            {
                // Being created right now, or being removed by another test process's cleanup.
                continue;
            }

            if (!int.TryParse(owner, CultureInfo.InvariantCulture, out _) || System.IO.Directory.Exists($"/proc/{owner}"))
            {
                continue;
            }

            await StopAsync(bin, Path.Combine(directory, "data"));
            DeleteDirectory(directory);
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {directory}: {ex.Message}");
        }
    }

    // The postgres user must reach the directory; as root TMPDIR may point into root's private home.
    private static string TempRoot() => ProcessRunner.IsRoot ? "/tmp" : Path.GetTempPath();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
