using Microsoft.Playwright;
using Orleans.Delivery.EndToEnd.Tests.Delivery;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.SupplierSimulator;

namespace Orleans.Delivery.EndToEnd.Tests.Console;

/// <summary>
/// The operator console in a real browser (Debian's Chromium, headless) against the real gateway on a loopback port,
/// over silos, the supplier simulator and a real SMTP server. Each test opens a page of its own and owns its orders.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    private static readonly TimeSpan MailWait = CodeShop.MailWait;

    private ConsoleShop Store => browser.Store;

    [Fact]
    public async Task Login_WithThePassword_ShowsTheOrdersPageOnLaptopAndPhone()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/console/orders");
        Assert.EndsWith("/console/login?ReturnUrl=%2Fconsole%2Forders", page.Url, StringComparison.Ordinal);
        await ConsoleBrowser.ScreenshotAsync(page, "login");

        await page.GetByLabel("Password").FillAsync(ConsoleShop.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Exact = true })).ToBeVisibleAsync();
        Assert.EndsWith("/console/orders", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Orleans dashboard" })).ToHaveAttributeAsync("href", "/dashboard/");
        await ConsoleBrowser.ScreenshotAsync(page, "orders");

        var phone = await browser.LoggedInPageAsync(phone: true);
        await ConsoleBrowser.ScreenshotAsync(phone, "orders-phone");
    }

    [Fact]
    public async Task Orders_FilteredByEmailAndStatus_ListOnlyTheMatchingOrder()
    {
        var wanted = await Store.DeliveredOrderAsync();
        var other = await Store.DeliveredOrderAsync();
        var page = await browser.LoggedInPageAsync();

        await page.GetByLabel("Customer email").FillAsync(wanted.Email.ToUpperInvariant());
        await page.GetByLabel("Status").SelectOptionAsync("delivered");
        await page.GetByLabel("Test or live").SelectOptionAsync("live");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = wanted.OrderId })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = other.OrderId })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);

        await page.GetByLabel("Test or live").SelectOptionAsync("test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No orders match.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Order_ResendEmail_ASecondEmailReachesTheSmtpServer()
    {
        var buyer = await Store.DeliveredOrderAsync();
        var page = await browser.LoggedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = buyer.OrderId }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {buyer.OrderId}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "delivering → delivered" })).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "order");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resend email" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The delivery email is on its way again.");
        await Store.Cluster.DrainAsync();
        var mails = await Store.Smtp.WaitForMessagesToAsync(buyer.Email, 2, MailWait);
        Assert.Equal(2, mails.Count);
    }

    [Fact]
    public async Task Review_DeliverByHandWithACode_TheBuyerGetsTheCode()
    {
        var buyer = await Store.Shop.CreateOrderAsync();
        Store.Shop.Supplier.ScriptReference(buyer.OrderId, SupplierBehaviour.UnreadableAnswer);
        await Store.Shop.PayAsync(buyer);
        await Store.Cluster.DrainAsync();
        Assert.Equal("manual_review", (await Store.Shop.OrderAsync(buyer)).Status);
        var page = await browser.LoggedInPageAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Review", Exact = true }).ClickAsync();
        var item = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = buyer.OrderId }) });
        await Assertions.Expect(item).ToContainTextAsync("unreadable answer");
        await ConsoleBrowser.ScreenshotAsync(page, "review");
        await item.GetByLabel("Codes, one a line (a PIN after ';')").FillAsync("HAND-4242-CODE");
        await item.GetByRole(AriaRole.Button, new() { Name = "Deliver by hand" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The codes were delivered.");
        await Store.Cluster.DrainAsync();
        var mail = Assert.Single(await Store.Smtp.WaitForMessagesToAsync(buyer.Email, 1, MailWait));
        Assert.Contains("HAND-4242-CODE", mail.Text, StringComparison.Ordinal);
        Assert.Equal("delivered", (await Store.Shop.OrderAsync(buyer)).Status);
    }

    [Fact]
    public async Task Products_NewFileProductWithAnUpload_IsSavedWithItsFile()
    {
        var sku = $"course-{Guid.NewGuid():N}"[..20];
        var page = await browser.LoggedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Products", Exact = true }).ClickAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "products");
        await page.GetByRole(AriaRole.Link, new() { Name = "New file product" }).ClickAsync();

        await page.GetByLabel("SKU", new() { Exact = true }).FillAsync(sku);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Video Course");
        await page.GetByLabel("Price", new() { Exact = true }).FillAsync("49.50");
        await page.GetByLabel("Currency (ISO code)").FillAsync("EUR");
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "course.zip",
            MimeType = "application/zip",
            Buffer = "PK the course"u8.ToArray(),
        });
        await page.GetByLabel("Downloads per purchase (empty: unlimited)").FillAsync("4");
        await ConsoleBrowser.ScreenshotAsync(page, "product-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save product" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The product was saved.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = sku })).ToBeVisibleAsync();
        var product = Assert.Single((await Store.Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).GetAsync()).Products, p => p.Sku == sku);
        Assert.Equal(
            new ProductDefinition(sku, "Video Course", 4950, "EUR", FulfillmentKind.File, 4, $"products/{sku}/course.zip", "course.zip"),
            product);
    }

    [Fact]
    public async Task TestOrder_ForTheFileProduct_DeliveredWithItsPaymentToEmailTiming()
    {
        var email = $"tester-{Guid.NewGuid():N}@example.test";
        var page = await browser.LoggedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Test order", Exact = true }).ClickAsync();
        await page.GetByLabel("Product", new() { Exact = true }).SelectOptionAsync(ConsoleShop.FileSku);
        await page.GetByLabel("Deliver to (email)").FillAsync(email);
        await ConsoleBrowser.ScreenshotAsync(page, "test-order");

        await page.GetByRole(AriaRole.Button, new() { Name = "Place test order" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The test order was placed and paid; it is being fulfilled.");
        await Store.Cluster.DrainAsync();
        var mail = Assert.Single(await Store.Smtp.WaitForMessagesToAsync(email, 1, MailWait));
        Assert.Contains("Field Guide", mail.Subject + mail.Text, StringComparison.Ordinal);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#order-status")).ToContainTextAsync("delivered");
        await Assertions.Expect(page.Locator("#order-status")).ToContainTextAsync("test order");
        await Assertions.Expect(page.Locator("#timing")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d s$"));
        await ConsoleBrowser.ScreenshotAsync(page, "test-order-delivered");

        await page.GotoAsync("/console/orders?test=test");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToHaveCountAsync(1);
        await page.GotoAsync("/console/alerts");
        await ConsoleBrowser.ScreenshotAsync(page, "alerts");
    }

    [Fact]
    public async Task SupplierHealth_AfterADeliveredOrder_ShowsTheFiguresAndChartOnLaptopAndPhone()
    {
        await Store.DeliveredOrderAsync();
        var page = await browser.LoggedInPageAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Supplier", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Supplier health", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Orders paid and delivered per minute over the last 24 hours" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Last 5 minutes" })).ToHaveCountAsync(1);
        await ConsoleBrowser.ScreenshotAsync(page, "supplier-health");

        var phone = await browser.LoggedInPageAsync(phone: true);
        await phone.GotoAsync("/console/supplier");
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Supplier health", Exact = true })).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(phone, "supplier-health-phone");
    }
}
