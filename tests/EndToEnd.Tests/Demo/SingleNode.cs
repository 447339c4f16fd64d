using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MimeKit;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Processes;

namespace Orleans.Delivery.EndToEnd.Tests.Demo;

/// <summary>
/// The single node as <c>dotnet run --project Silo</c> runs it: the built Silo host as a process, working in a folder
/// that holds the project's <c>appsettings.json</c> (as the project folder does), with nothing else configured.
/// </summary>
internal static class SingleNode
{
    public static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    /// <summary>A new, empty folder for a node to work in; the caller deletes it.</summary>
    public static string NewFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "orleans-delivery-nodes", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// Starts a node in <paramref name="folder"/> (<c>--demo</c> when <paramref name="demo"/>), listening on
    /// <c>http://localhost:{port}</c> and giving that address to buyers' links, or on a port of its choosing.
    /// </summary>
    public static Task<SiloProcess> StartAsync(string name, string folder, bool demo, int? port = null)
    {
        File.Copy(Path.Combine(RepositoryPaths.Root, "Silo", "appsettings.json"), Path.Combine(folder, "appsettings.json"), overwrite: true);
        var settings = new Dictionary<string, string> { ["Logging__LogLevel__Orleans.Delivery"] = "Information" };
        if (port is { } chosen)
        {
            var url = $"http://localhost:{chosen}";
            settings["Urls"] = url;
            settings["Links__PublicBaseUrl"] = url;
            settings["Files__Local__PublicBaseUrl"] = url;
        }

        return SiloProcess.StartAsync(name, settings, Bounded, arguments: demo ? ["--demo"] : [], workingDirectory: folder);
    }

    /// <summary>A loopback port free at the time of asking.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static string AdminKey(string folder) => File.ReadAllText(Path.Combine(folder, "data", "admin.key")).Trim();

    public static string StorefrontKey(string folder) => File.ReadAllText(Path.Combine(folder, "data", "storefront.key")).Trim();

    public static HttpClient Client(SiloProcess node, string? key)
    {
        var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    /// <summary>GETs <paramref name="path"/> and parses the JSON answer, asserting success.</summary>
    public static async Task<JsonNode> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Polls the order through the admin API until <paramref name="done"/> holds.</summary>
    public static async Task<JsonNode> WaitForOrderAsync(HttpClient admin, string orderId, Func<JsonNode, bool> done, string description)
    {
        JsonNode order = null!;
        await Poll.UntilAsync(
            async () => done(order = await GetJsonAsync(admin, $"admin/orders/{orderId}")),
            Bounded,
            $"order {orderId} to be {description}");
        return order;
    }

    /// <summary>The .eml files of the node's pickup folder, oldest first, parsed.</summary>
    public static IReadOnlyList<MimeMessage> Emails(string folder)
    {
        var mail = Path.Combine(folder, "data", "mail");
        return !Directory.Exists(mail)
            ? []
            : Directory.EnumerateFiles(mail, "*.eml").Select(f => new FileInfo(f)).OrderBy(f => f.LastWriteTimeUtc)
                .Select(f => MimeMessage.Load(f.FullName)).ToList();
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
