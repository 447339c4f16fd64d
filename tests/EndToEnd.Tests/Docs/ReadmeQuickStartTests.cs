using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Orleans.Delivery.EndToEnd.Tests.Demo;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Processes;
using Xunit.Abstractions;

namespace Orleans.Delivery.EndToEnd.Tests.Docs;

/// <summary>
/// Runs README.md's "Your first delivered order" as written: the <c>quickstart-server</c> block's node (the built
/// Silo host with the same arguments, in a fresh folder laid out like the repository), then every
/// <c>quickstart</c> block with bash from the folder's root, each command required to succeed.
/// </summary>
/// <remarks>
/// Only what must change is changed: the node listens on a free port instead of 5000, so <c>localhost:5000</c> in the
/// commands names that port; and <c>dotnet run [--no-build] --project Silo --</c> runs the host that was built
/// for this test, in the <c>Silo</c> folder, as <c>dotnet run</c> would.
/// </remarks>
public sealed partial class ReadmeQuickStartTests(ITestOutputHelper output)
{
    private const string ReadmePort = "localhost:5000";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task QuickStart_FreshDemoNode_EveryCommandSucceedsAndTheEmailsDeliverTheEbookAndTheGiftCard()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var server = Assert.Single(Blocks(readme, "quickstart-server"));
        Assert.Equal("dotnet run --project Silo -- --demo", Commands(server));
        var commands = string.Join("\n", Blocks(readme, "quickstart"));
        Assert.Contains("dotnet run --no-build --project Silo -- pay", commands, StringComparison.Ordinal);

        var root = SingleNode.NewFolder("readme");
        try
        {
            var silo = Directory.CreateDirectory(Path.Combine(root, "Silo")).FullName;
            var port = SingleNode.FreePort();
            await using var node = await SingleNode.StartAsync("readme", silo, demo: true, port);

            var script = Prelude + RunSiloCommand().Replace(commands.Replace(ReadmePort, $"localhost:{port}", StringComparison.Ordinal), "silo");
            var run = await RunBashAsync(script, root, new Dictionary<string, string>
            {
                ["DOTNET"] = SiloProcess.DotnetHost(),
                ["SILO_DLL"] = SiloProcess.HostAssembly,
                ["Links__PublicBaseUrl"] = $"http://localhost:{port}",
            });
            output.WriteLine(run.Output);
            Assert.True(run.ExitCode == 0, $"the quick start failed (exit {run.ExitCode}):\n{run.Output}\n{node.Tail()}");

            var orderId = Assert.Single(OrderIdLine().Matches(run.Output).Select(m => m.Groups["id"].Value).Distinct());
            using var admin = SingleNode.Client(node, SingleNode.AdminKey(silo));
            var order = await SingleNode.GetJsonAsync(admin, $"admin/orders/{orderId}");
            Assert.Equal("delivered", (string?)order["status"]);
            var code = (string)Assert.Single(order["codes"]!.AsArray())!["code"]!;

            // The last email printed is the gift card's, with the code the order holds (quoted-printable may wrap it).
            Assert.Contains(code, run.Output.Replace("=\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
            var emails = SingleNode.Emails(silo);
            Assert.Equal(2, emails.Count);
            Assert.Contains(code, emails[^1].TextBody, StringComparison.Ordinal);
            var link = Assert.Single(DownloadLink().Matches(emails[0].TextBody ?? "").Select(m => m.Value).Distinct());
            Assert.StartsWith($"http://localhost:{port}/download/", link, StringComparison.Ordinal);

            using var anonymous = SingleNode.Client(node, null);
            using var page = await anonymous.GetAsync(new Uri(link));
            var html = await page.Content.ReadAsStringAsync();
            Assert.True(page.IsSuccessStatusCode, html);
            Assert.Contains("The .NET Field Guide (e-book)", html, StringComparison.Ordinal);
        }
        finally
        {
            SingleNode.Delete(root);
        }
    }

    // Every command must succeed; the one that does not is named.
    private const string Prelude = """
        set -euo pipefail
        trap 'echo "QUICK START COMMAND FAILED (exit $?): $BASH_COMMAND" >&2' ERR
        silo() { (cd Silo && "$DOTNET" "$SILO_DLL" "$@"); }

        """;

    /// <summary>The contents of the README's fenced blocks whose info string is <c>bash {tag}</c>, in order.</summary>
    private static IReadOnlyList<string> Blocks(string readme, string tag) =>
        FencedBlock().Matches(readme.ReplaceLineEndings("\n")).Where(m => m.Groups["tag"].Value == tag).Select(m => m.Groups["body"].Value).ToList();

    /// <summary>A block's commands without comments and blank lines.</summary>
    private static string Commands(string block) =>
        string.Join("\n", block.Split('\n').Select(l => Regex.Replace(l, @"\s+#.*$", "").Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, string directory, IReadOnlyDictionary<string, string> environment)
    {
        var path = Path.Combine(directory, "quickstart.sh");
        await File.WriteAllTextAsync(path, script);
        var startInfo = new ProcessStartInfo("bash")
        {
            ArgumentList = { path },
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // As a user's shell would be: none of this test host's ASP.NET Core settings.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k is "DOTNET_ENVIRONMENT" or "DOTNET_URLS").ToList())
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        var text = new StringBuilder();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (text)
                {
                    text.AppendLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The quick start did not finish within {ScriptTimeout}:\n{text}");
        }

        // WaitForExitAsync returns once the output streams are drained too.
        lock (text)
        {
            return (process.ExitCode, text.ToString());
        }
    }

    [GeneratedRegex(@"^```bash (?<tag>[a-z-]+)\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"dotnet run (--no-build )?--project Silo --")]
    private static partial Regex RunSiloCommand();

    [GeneratedRegex(@"Paid order (?<id>ord_[a-z2-7]+)")]
    private static partial Regex OrderIdLine();

    [GeneratedRegex(@"https?://[^\s""<>]+/download/[A-Za-z0-9._~-]+")]
    private static partial Regex DownloadLink();
}
