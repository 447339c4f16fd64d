using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Orleans.Delivery.Testing.Servers;

/// <summary>
/// A real SMTP server on 127.0.0.1 (no TLS, any or no AUTH accepted) that keeps what it receives in memory.
/// </summary>
/// <remarks>
/// Tests share <see cref="Shared"/> and tell their mail apart by a unique recipient address. A test that takes
/// SMTP down (<see cref="StopAsync"/>, <see cref="RefuseAsync"/>) must use its own server from <see cref="CreateAsync"/>.
/// </remarks>
public sealed class SmtpServer : IAsyncDisposable
{
    private static readonly Lazy<Task<SmtpServer>> LazyShared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly NodeProcess _node;
    private readonly HttpClient _api;

    private SmtpServer(NodeProcess node, int port, int apiPort)
    {
        _node = node;
        Port = port;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}/") };
    }

    /// <summary>The server of this test process, started on first use.</summary>
    public static Task<SmtpServer> Shared => LazyShared.Value;

    /// <summary>SMTP host: always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>SMTP port; the same after <see cref="StopAsync"/> and <see cref="StartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>Starts a private server; dispose it when done.</summary>
    public static async Task<SmtpServer> CreateAsync()
    {
        var node = await NodeTools.StartScriptAsync("smtp.js", ["0", "0"]);
        using var ready = JsonDocument.Parse(node.ReadyPayload);
        return new SmtpServer(
            node,
            ready.RootElement.GetProperty("smtpPort").GetInt32(),
            ready.RootElement.GetProperty("httpPort").GetInt32());
    }

    /// <summary>Every message received so far (also those of other tests on a shared server).</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesAsync()
    {
        var messages = await _api.GetFromJsonAsync<List<ReceivedMail>>("messages", Json);
        return messages ?? [];
    }

    /// <summary>How many messages were received so far (of every test on this server), without fetching them.</summary>
    public async Task<int> CountAsync()
    {
        using var answer = JsonDocument.Parse(await _api.GetStringAsync("messages/count"));
        return answer.RootElement.GetProperty("count").GetInt32();
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> received messages match, and returns all that match.
    /// </summary>
    /// <exception cref="TimeoutException">Fewer matched within <paramref name="timeout"/>; the message lists what was received.</exception>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForMessagesAsync(Func<ReceivedMail, bool> match, int count, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        IReadOnlyList<ReceivedMail> all = [];
        List<ReceivedMail> matching = [];
        try
        {
            // The server is another process with no push channel; polling its API is the signal we have.
            await Poll.UntilAsync(
                async () =>
                {
                    all = await MessagesAsync();
                    matching = all.Where(match).ToList();
                    return matching.Count >= count;
                },
                timeout,
                $"{count} matching message(s)");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(Describe(count, matching, timeout, all));
        }

        return matching;
    }

    /// <summary>Waits for <paramref name="count"/> messages whose envelope recipients include <paramref name="recipient"/>.</summary>
    public Task<IReadOnlyList<ReceivedMail>> WaitForMessagesToAsync(string recipient, int count, TimeSpan timeout) =>
        WaitForMessagesAsync(m => m.To.Contains(recipient, StringComparer.OrdinalIgnoreCase), count, timeout);

    /// <summary>Forgets every received message (of every test on this server).</summary>
    public async Task ClearAsync()
    {
        using var response = await _api.DeleteAsync("messages");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Takes SMTP down: connections are refused and open sessions dropped until <see cref="StartAsync"/>.</summary>
    public Task StopAsync() => PostAsync("smtp/stop");

    /// <summary>Brings SMTP back up on the same port.</summary>
    public Task StartAsync() => PostAsync("smtp/start");

    /// <summary>
    /// Keeps SMTP listening but refuses every message: <c>MAIL FROM</c> is answered with <paramref name="code"/>
    /// (451 "try again later" by default; any 4xx or 5xx) until <see cref="AcceptAsync"/>.
    /// </summary>
    public Task RefuseAsync(int code = 451) => PostAsync($"smtp/refuse?code={code.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Takes mail again after <see cref="RefuseAsync"/>.</summary>
    public Task AcceptAsync() => PostAsync("smtp/accept");

    /// <summary>Stops the server process.</summary>
    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _node.DisposeAsync();
    }

    private async Task PostAsync(string path)
    {
        using var response = await _api.PostAsync(path, content: null);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"SMTP test server refused {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Describe(int expected, IReadOnlyList<ReceivedMail> matching, TimeSpan timeout, IReadOnlyList<ReceivedMail> all)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Expected {expected} matching message(s) within {timeout}, but {matching.Count} matched. ")
            .Append(CultureInfo.InvariantCulture, $"The server received {all.Count} message(s)");

        // The matching ones first: on a server shared by many tests they would otherwise hide behind the first 20.
        foreach (var mail in matching.Concat(all.Except(matching)).Take(20))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {mail.ReceivedAt:O} from {mail.From} to [{string.Join(", ", mail.To)}]: \"{mail.Subject}\"");
        }

        if (all.Count > 20)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  ... and {all.Count - 20} more");
        }

        return text.ToString();
    }
}
