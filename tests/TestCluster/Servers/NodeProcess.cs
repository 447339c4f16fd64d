using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Orleans.Delivery.Testing.Servers;

/// <summary>
/// A running node script. It holds the script's stdin open: the scripts exit when it closes, so they die with
/// this process even when it is killed without running its exit handlers.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private const string ReadyPrefix = "READY ";
    private const int MaxLogChars = 64 * 1024;

    private static readonly ConcurrentDictionary<NodeProcess, byte> Running = new();

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    static NodeProcess()
    {
        // Closing stdin is instant and lets each script clean up after itself; the test platform kills the
        // host moments after the last test, so there is no time to wait for them here.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Keys)
            {
                process.CloseInput();
            }
        };
    }

    private NodeProcess(Process process, string script)
    {
        _process = process;
        Script = script;
    }

    /// <summary>Path of the script.</summary>
    public string Script { get; }

    /// <summary>The JSON after <c>READY</c> on the script's ready line.</summary>
    public string ReadyPayload { get; private set; } = string.Empty;

    /// <summary>Whether the script has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the script wrote to stderr (and stdout besides its ready line), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Closes the script's stdin so it shuts down, and kills it if it has not exited within a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Running.TryRemove(this, out _);
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    internal static async Task<NodeProcess> StartAsync(string script, IReadOnlyList<string> arguments, TimeSpan readyTimeout)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var node = new NodeProcess(process, script);
        process.OutputDataReceived += (_, e) => node.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => node.AppendLog(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException(
                "node was not found. The S3 and SMTP test servers run on Node.js: install it with `apt-get install -y nodejs npm`.", ex);
        }

        Running.TryAdd(node, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            node.ReadyPayload = await node._ready.Task.WaitAsync(readyTimeout);
            return node;
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync();
            throw new TimeoutException(
                $"node {Path.GetFileName(script)} did not print its ready line within {readyTimeout}.\n--- output ---\n{node.Log}");
        }
        catch (InvalidOperationException)
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            // stdout closed: the script is gone. Wait for stderr to drain so the error says why.
            _ = FailOnExitAsync();
            return;
        }

        if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal) && _ready.TrySetResult(line[ReadyPrefix.Length..]))
        {
            return;
        }

        AppendLog(line);
    }

    private async Task FailOnExitAsync()
    {
        string exit;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(cts.Token);
            exit = $"exited with code {_process.ExitCode}";
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            exit = "closed its output";
        }

        _ready.TrySetException(new InvalidOperationException(
            $"node {Path.GetFileName(Script)} {exit} before it was ready.\n--- output ---\n{Log}"));
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < MaxLogChars)
            {
                _log.AppendLine(line);
            }
        }
    }

    private void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // Already gone (or disposed) is the outcome we wanted.
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone (or disposed) is the outcome we wanted.
        }
    }
}
