using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Orleans.Delivery.EndToEnd.Tests.Demo;

namespace Orleans.Delivery.EndToEnd.Tests.Dashboard;

/// <summary>
/// The Orleans dashboard on a silo (the single node, as <c>dotnet run --project Silo</c> runs it), at
/// <c>/dashboard/</c> on its HTTP endpoint: its page and the APIs the page reads answer only an admin key.
/// </summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task Dashboard_WithoutAnAdminKey_Is401_WithTheAdminKey_Is200()
    {
        var folder = SingleNode.NewFolder("dashboard");
        try
        {
            await using var node = await SingleNode.StartAsync("dashboard", folder, demo: false);
            var admin = SingleNode.AdminKey(folder);

            using var anonymous = SingleNode.Client(node, null);
            using var storefront = SingleNode.Client(node, SingleNode.StorefrontKey(folder));
            using var wrong = SingleNode.Client(node, "not-a-key-0123456789");
            foreach (var path in new[] { "dashboard", "dashboard/", "dashboard/index.min.js", "dashboard/ClusterStats", "dashboard/GrainState?grainId=x&grainType=y" })
            {
                foreach (var (who, http) in new[] { ("no key", anonymous), ("a storefront key", storefront), ("a wrong key", wrong) })
                {
                    using var refused = await http.GetAsync(new Uri(path, UriKind.Relative));
                    Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{path} with {who}: {(int)refused.StatusCode}");
                    Assert.Equal("Basic", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
                }
            }

            using var operator_ = SingleNode.Client(node, admin);
            using (var page = await operator_.GetAsync(new Uri("dashboard/", UriKind.Relative)))
            {
                var html = await page.Content.ReadAsStringAsync();
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{(int)page.StatusCode} {html}");
                Assert.Contains("<title>Orleans Dashboard</title>", html, StringComparison.Ordinal);
            }

            using (var stats = await operator_.GetAsync(new Uri("dashboard/ClusterStats", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
                Assert.Equal("application/json", stats.Content.Headers.ContentType?.MediaType);
            }

            // A browser's way: the password of Basic credentials, after the challenge above.
            using var browser = SingleNode.Client(node, null);
            browser.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{admin}")));
            using (var script = await browser.GetAsync(new Uri("dashboard/index.min.js", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            }

            browser.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:not-the-key")));
            using (var refused = await browser.GetAsync(new Uri("dashboard/", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }
        }
        finally
        {
            SingleNode.Delete(folder);
        }
    }
}
