using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Orleans.Delivery.Testing.Processes;

/// <summary>
/// The built Silo host (<c>Orleans.Delivery.Silo.dll</c>), or the standalone Gateway host, running as an OS process
/// of its own, configured by environment variables only, in a private working directory, logging JSON lines to stdout
/// that the test reads.
/// </summary>
/// <remarks>
/// <para>The host is the one the test was built with: this project references the Silo project, so its assembly,
/// <c>.deps.json</c> and <c>.runtimeconfig.json</c> are copied next to the test assemblies, on a fresh clone as well
/// as on a developer machine, whatever the configuration or output path.</para>
/// <para>A watcher started with it kills it with SIGKILL once this test process is gone, so a crashed or killed test
/// run leaves no silo behind polling a database.</para>
/// </remarks>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int MaxLogLines = 200_000;

    // Runs the silo in place of the shell (exec keeps the PID the test holds), beside a watcher that ends it when
    // the owning test process has exited; the watcher leaves by itself when the silo is gone first.
    private const string Launcher = """
        owner="$1"; shift
        silo=$$
        ( exec </dev/null >/dev/null 2>&1
          while kill -0 "$owner" && kill -0 "$silo"; do sleep 0.5; done
          kill -0 "$owner" || kill -9 "$silo" ) &
        exec "$@"
        """;

    private readonly Process _process;
    private readonly string _directory;
    private bool _ownsDirectory;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private SiloProcess(string name, Process process, string directory, bool ownsDirectory, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> arguments, string assembly)
    {
        Name = name;
        _process = process;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        Settings = settings;
        Arguments = arguments;
        Assembly = assembly;
    }

    /// <summary>The settings it was started with (without the ones every process gets).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Its command-line arguments after the assembly.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The host assembly it runs.</summary>
    public string Assembly { get; }

    /// <summary>Its working directory.</summary>
    public string WorkingDirectory => _directory;

    /// <summary>The name given at start; also the silo's id (<c>Silo:SiloId</c>) in leases and logs.</summary>
    public string Name { get; }

    /// <summary>The OS process id of the silo.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Where the silo's HTTP endpoints (the gateway's, and <c>/health</c>) listen.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line the silo wrote so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The path of the Silo host's assembly the tests run.</summary>
    public static string HostAssembly => Runnable(typeof(Silo.Program).Assembly.Location, "Silo/Silo.csproj");

    /// <summary>The path of the standalone Gateway host's assembly (an Orleans client), run the same way.</summary>
    public static string GatewayAssembly => Runnable(typeof(Gateway.Program).Assembly.Location, "Gateway/Gateway.csproj");

    private static string Runnable(string path, string project)
    {
        var runtimeConfig = Path.ChangeExtension(path, ".runtimeconfig.json");
        return File.Exists(runtimeConfig)
            ? path
            : throw new InvalidOperationException(
                $"{runtimeConfig} is missing, so {Path.GetFileName(path)} cannot be run as a process. It is copied by the " +
                $"ProjectReference to {project}; rebuild the test project.");
    }

    /// <summary>Starts the standalone Gateway host as a process (see <see cref="StartAsync"/>).</summary>
    public static Task<SiloProcess> StartGatewayAsync(string name, IReadOnlyDictionary<string, string> settings, TimeSpan? readyTimeout = null) =>
        StartAsync(name, settings, readyTimeout, assembly: GatewayAssembly);

    /// <summary>Starts a process like this one, with the same settings and arguments, in the same working directory.</summary>
    public Task<SiloProcess> StartAgainAsync(TimeSpan? readyTimeout = null, IReadOnlyDictionary<string, string>? changes = null)
    {
        var settings = new Dictionary<string, string>(Settings, StringComparer.Ordinal);
        foreach (var (key, value) in changes ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        // The new process owns the directory from now on: disposing this one leaves it.
        var owns = _ownsDirectory;
        _ownsDirectory = false;
        return StartAsync(Name, settings, readyTimeout, Arguments, _directory, Assembly, ownsDirectory: owns);
    }

    /// <summary>
    /// Starts a silo with <paramref name="settings"/> as environment variables (<c>Section__Key</c>) and waits until
    /// it listens on a loopback port of its choosing (unless the settings give <c>Urls</c>) and answers <c>/health</c>.
    /// </summary>
    /// <param name="arguments">Command-line arguments after the host's assembly, e.g. <c>--demo</c>.</param>
    /// <param name="workingDirectory">
    /// Where it runs (its <c>./data</c>); the caller's, kept on dispose, so that a restarted silo finds what the last
    /// one left. Default: a fresh temporary folder, deleted on dispose.
    /// </param>
    /// <param name="assembly">Another host to run the same way, e.g. <see cref="GatewayAssembly"/>; default the Silo's.</param>
    /// <param name="waitForHealth">Whether starting also waits for <c>/health</c> to answer 2xx, or only for it to listen.</param>
    public static async Task<SiloProcess> StartAsync(
        string name,
        IReadOnlyDictionary<string, string> settings,
        TimeSpan? readyTimeout = null,
        IReadOnlyList<string>? arguments = null,
        string? workingDirectory = null,
        string? assembly = null,
        bool? ownsDirectory = null,
        bool waitForHealth = true)
    {
        assembly ??= HostAssembly;
        var directory = workingDirectory ?? Path.Combine(Path.GetTempPath(), "orleans-delivery-silos", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var startInfo = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[] { "-c", Launcher, "silo-launcher", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), DotnetHost(), assembly }.Concat(arguments ?? []))
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test's settings decide the silo's environment and addresses, not whatever this process inherited.
        foreach (var key in startInfo.Environment.Keys
                     .Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k is "DOTNET_ENVIRONMENT" or "DOTNET_URLS")
                     .ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["Urls"] = "http://127.0.0.1:0";
        startInfo.Environment["Silo__SiloId"] = name;
        startInfo.Environment["Logging__Console__FormatterName"] = "json";
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        startInfo.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var silo = new SiloProcess(name, process, directory, ownsDirectory ?? workingDirectory is null, settings, arguments ?? [], assembly);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data, closes: true);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data, closes: false);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start the silo {name} through bash: {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var timeout = readyTimeout ?? TimeSpan.FromSeconds(60);
            var listening = await Task.WhenAny(silo._listening.Task, silo._outputClosed.Task).WaitAsync(timeout);
            if (listening != silo._listening.Task)
            {
                throw new InvalidOperationException($"Silo {name} exited before it listened.");
            }

            silo.BaseAddress = await silo._listening.Task;
            if (!waitForHealth)
            {
                return silo;
            }

            using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            await Poll.UntilAsync(async () => process.HasExited || await HealthyAsync(http), timeout, $"silo {name} to answer /health");
            return process.HasExited
                ? throw new InvalidOperationException($"Silo {name} exited while starting.")
                : silo;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            var tail = silo.Tail();
            await silo.DisposeAsync();
            throw new InvalidOperationException($"Silo {name} did not start: {ex.Message}\n{tail}", ex);
        }
    }

    /// <summary>Ends the silo with SIGKILL, as a crash or the OOM killer would: nothing is released or flushed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Stops the process as an orchestrator does (SIGTERM) and waits until it has exited: the silo leaves the cluster
    /// in order. Killed with SIGKILL if it has not exited within <paramref name="timeout"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        await SignalAsync("TERM");
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await KillAsync();
            throw new InvalidOperationException($"{Name} did not stop within {timeout ?? TimeSpan.FromSeconds(30)} of SIGTERM; killed.\n{Tail()}");
        }
    }

    /// <summary>Freezes the process (SIGSTOP): it holds its sockets and its work but runs nothing until <see cref="ResumeAsync"/>.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>Lets a frozen process run again (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    // The kill command rather than a P/Invoke of kill(2): the test library allows no unsafe code, and a signal is a
    // rare event in a test.
    private async Task SignalAsync(string signal)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add($"-{signal}");
        start.ArgumentList.Add(ProcessId.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("Could not run kill.");
        var error = await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -{signal} {ProcessId} failed: {error}");
        }
    }

    /// <summary>The silo's JSON log entries with this event id (lines that are not JSON entries are skipped).</summary>
    public IReadOnlyList<JsonElement> Entries(int eventId)
    {
        var entries = new List<JsonElement>();
        foreach (var line in _lines)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("EventId", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt32() == eventId)
                {
                    entries.Add(document.RootElement.Clone());
                }
            }
            catch (JsonException)
            {
                // A line cut short by a kill is not an entry.
            }
        }

        return entries;
    }

    /// <summary>
    /// Where every process's output is also written, one file per process, when the variable
    /// <c>ORLEANS_DELIVERY_TEST_PROCESS_LOGS</c> names a directory (for reading a failed run afterwards).
    /// </summary>
    private static string? LogDirectory { get; } =
        Environment.GetEnvironmentVariable("ORLEANS_DELIVERY_TEST_PROCESS_LOGS") is { Length: > 0 } directory && Directory.CreateDirectory(directory).Exists ? directory : null;

    /// <summary>The last lines of output, for failure messages.</summary>
    public string Tail(int lines = 40)
    {
        var all = Lines;
        var text = new StringBuilder($"--- last output of silo {Name} ---\n");
        foreach (var line in all.Skip(Math.Max(0, all.Count - lines)))
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to end.
        }

        _process.Dispose();
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; the silo is what had to go.
        }
    }

    private static async Task<bool> HealthyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("health");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            // One slow answer on a loaded machine is not a failed start: the caller's deadline decides.
            return false;
        }
    }

    /// <summary>The dotnet host running these tests (the SDK names it in DOTNET_HOST_PATH), else <c>dotnet</c> on PATH.</summary>
    public static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private void OnLine(string? line, bool closes)
    {
        if (line is null)
        {
            if (closes)
            {
                _outputClosed.TrySetResult();
            }

            return;
        }

        if (_lines.Count < MaxLogLines)
        {
            _lines.Enqueue(line);
        }

        if (LogDirectory is { } logs)
        {
            lock (_lines)
            {
                File.AppendAllText(Path.Combine(logs, $"{Name}-{_process.Id.ToString(CultureInfo.InvariantCulture)}.log"), line + "\n");
            }
        }

        if (!_listening.Task.IsCompleted && line.Contains("\"Microsoft.Hosting.Lifetime\"", StringComparison.Ordinal) && ListeningAddress(line) is { } address)
        {
            _listening.TrySetResult(address);
        }
    }

    private static Uri? ListeningAddress(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("State", out var state)
                && state.TryGetProperty("address", out var address)
                && Uri.TryCreate(address.GetString(), UriKind.Absolute, out var uri)
                ? uri
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
