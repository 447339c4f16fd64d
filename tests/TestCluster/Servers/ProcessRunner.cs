using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Orleans.Delivery.Testing.Servers;

/// <summary>Runs short-lived tools (initdb, pg_ctl, npm) to completion with a bounded wait.</summary>
internal static class ProcessRunner
{
    public static bool IsRoot => Environment.UserName == "root";

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null)
    {
        var command = Describe(fileName, arguments);
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start `{command}`: {ex.Message}", ex);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"`{command}` did not finish within {timeout}.\n--- stdout ---\n{Read(stdout)}\n--- stderr ---\n{Read(stderr)}");
        }

        return new ProcessResult(command, process.ExitCode, Read(stdout), Read(stderr));
    }

    /// <summary>
    /// Runs a tool as the <c>postgres</c> OS user when we are root, because PostgreSQL refuses to run as root.
    /// </summary>
    public static Task<ProcessResult> RunAsPostgresAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout) =>
        IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", fileName, .. arguments], timeout, workingDirectory: "/")
            : RunAsync(fileName, arguments, timeout);

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    private static string Describe(string fileName, IReadOnlyList<string> arguments) =>
        string.Join(' ', [fileName, .. arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)]);
}
