using Microsoft.Playwright;

namespace Orleans.Delivery.EndToEnd.Tests.Console;

/// <summary>
/// Debian's Chromium driven by Playwright, headless, one browser per test class. Never downloads a browser: the
/// executable is the system's (<c>apt-get install chromium</c>). Screenshots go to <c>ORLEANS_DELIVERY_SCREENSHOTS</c>
/// (test.sh points it into the results folder), else beside the test binaries.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public ConsoleShop Store { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable("ORLEANS_DELIVERY_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is missing at {ChromiumPath}: apt-get install -y chromium (test.sh installs it).");
        await Store.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = ChromiumPath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page in a context of its own (no cookies), addressed relative to the gateway.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Store.Gateway.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>A page logged in to the console, on the orders page.</summary>
    public async Task<IPage> LoggedInPageAsync(bool phone = false)
    {
        var page = await NewPageAsync(phone);
        await page.GotoAsync("/console/orders");
        await page.GetByLabel("Password").FillAsync(ConsoleShop.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Exact = true })).ToBeVisibleAsync();
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Store.DisposeAsync();
    }
}
