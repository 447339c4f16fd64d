using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// HTTP load from <c>wrk</c> (Debian's <c>wrk</c> package), a load generator in C outside this process: each of its
/// connections sends the next of a list of requests built and signed beforehand, so the rate measured is the
/// product's, not the cost of building, signing and sending requests in the process under test.
/// </summary>
public sealed partial class WrkLoad
{
    /// <summary>Hands each of wrk's threads its own file of requests and sends them in order, one per request.</summary>
    private const string Script = """
        local threads = 0
        function setup(thread)
          thread:set("id", threads)
          threads = threads + 1
        end

        function init(args)
          local file = assert(io.open(args[1] .. "." .. id, "rb"))
          local all = file:read("*a")
          file:close()
          requests = {}
          local from = 1
          while from <= #all do
            local to = string.find(all, "\0", from, true)
            requests[#requests + 1] = string.sub(all, from, to - 1)
            from = to + 1
          end
          sent = 0
        end

        function request()
          sent = sent + 1
          if sent > #requests then
            sent = 1
          end
          return requests[sent]
        end
        """;

    /// <summary>wrk's threads, one per core of this machine's two.</summary>
    public const int Threads = 2;

    public sealed record Result(double PerSecond, double P50Ms, double P99Ms, long Count, long Non2xx, long Errors);

    /// <summary>Fails unless <c>wrk</c> is on the path, saying how to install it.</summary>
    public static void Require()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            probe.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("this benchmark needs wrk, the HTTP load generator: apt-get install -y wrk");
        }
    }

    /// <summary>
    /// Writes the requests wrk's threads will send: <paramref name="perThread"/> for each thread, request number i of
    /// thread t being <paramref name="build"/>(i, t). Built before the run, so that building and signing them is not
    /// measured; a run that sends more than were built fails, since it would have sent some twice.
    /// </summary>
    public static async Task<Requests> PrepareAsync(int perThread, Func<int, int, string> build)
    {
        var directory = Directory.CreateTempSubdirectory("orleans-delivery-wrk-");
        var path = Path.Combine(directory.FullName, "requests");
        for (var thread = 0; thread < Threads; thread++)
        {
            await using var file = new FileStream($"{path}.{thread}", FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            for (var i = 0; i < perThread; i++)
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(build(i, thread)));
                file.WriteByte(0);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "requests.lua"), Script);
        return new Requests(directory, (long)perThread * Threads);
    }

    /// <summary>Sends <paramref name="requests"/> to <paramref name="target"/> over <paramref name="connections"/> connections for <paramref name="duration"/>.</summary>
    public static async Task<Result> RunAsync(Requests requests, Uri target, int connections, TimeSpan duration)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "-t", Threads.ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", $"{duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s",
                "--timeout", "30s",
                "--latency",
                "-s", Path.Combine(requests.Directory.FullName, "requests.lua"),
                target.ToString(),
                "--", Path.Combine(requests.Directory.FullName, "requests"),
            },
        };
        using var wrk = Process.Start(start)!;
        var output = wrk.StandardOutput.ReadToEndAsync();
        var errors = wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var text = await output;
        if (wrk.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {wrk.ExitCode}: {await errors}{text}");
        }

        var result = Parse(text);
        if (result.Count > requests.Count)
        {
            throw new InvalidOperationException($"wrk sent {result.Count} requests but only {requests.Count} were built: some went twice");
        }

        return result;
    }

    /// <summary>Requests written for wrk's threads; disposing deletes them.</summary>
    public sealed record Requests(DirectoryInfo Directory, long Count) : IDisposable
    {
        public void Dispose() => Directory.Delete(recursive: true);
    }

    /// <summary>A raw HTTP/1.1 POST of <paramref name="body"/> with <paramref name="headers"/> (name, value).</summary>
    public static string Post(Uri target, string path, string body, params (string Name, string Value)[] headers)
    {
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: {target.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return request.Append("\r\n").Append(body).ToString();
    }

    private static Result Parse(string output)
    {
        var count = long.Parse(RequestCount().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var seconds = Seconds(Elapsed().Match(output).Groups[1].Value, Elapsed().Match(output).Groups[2].Value);
        var non2xx = Non2xx().Match(output) is { Success: true } bad ? long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new Result(count / seconds, Percentile(output, "50"), Percentile(output, "99"), count, non2xx, socket);
    }

    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s*{percent}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        return match.Success ? Seconds(match.Groups[1].Value, match.Groups[2].Value) * 1000 : double.NaN;
    }

    private static double Seconds(string value, string unit) =>
        double.Parse(value, CultureInfo.InvariantCulture) * unit switch { "us" => 1e-6, "ms" => 1e-3, "m" => 60, _ => 1 };

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"requests in ([\d.]+)(us|ms|s|m)")]
    private static partial Regex Elapsed();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
