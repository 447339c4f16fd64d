using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orleans.Delivery.SupplierSimulator;

namespace Orleans.Delivery.EndToEnd.Tests.Supplier;

public sealed class SupplierSimulatorTests : IAsyncLifetime
{
    private readonly string _reference = $"order-{Guid.NewGuid():N}";
    private SupplierSimulatorHost _simulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SupplierSimulatorHost.StartAsync();
        _http = new HttpClient { BaseAddress = _simulator.BaseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _simulator.Options.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task PostOrders_SameReferenceTwice_CreatesTwoOrders()
    {
        var first = await PostAsync($$"""{"sku":"steam-20-usd","quantity":1,"reference":"{{_reference}}"}""");
        var second = await PostAsync($$"""{"sku":"steam-20-usd","quantity":1,"reference":"{{_reference}}"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, _simulator.OrdersFor(_reference).Count);
        using var ledger = JsonDocument.Parse(await _http.GetStringAsync("_sim/ledger"));
        Assert.Equal(2, ledger.RootElement.EnumerateArray().Count(o => o.GetProperty("reference").GetString() == _reference));
    }

    [Fact]
    public async Task PostOrders_Completed_AnswersInTheApiFormat()
    {
        using var response = await PostAsync($$"""{"sku":"steam-20-usd","quantity":1,"reference":"{{_reference}}"}""");
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var order = Assert.Single(_simulator.OrdersFor(_reference));
        var root = answer.RootElement;
        Assert.Equal(["order_id", "reference", "status", "items"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal((order.SupplierOrderId, "completed"), (root.GetProperty("order_id").GetString(), root.GetProperty("status").GetString()));
        var item = Assert.Single(root.GetProperty("items").EnumerateArray());
        Assert.Equal(["code", "pin", "instructions"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal((order.Items[0].Code, order.Items[0].Pin, SimulatedCode.RedeemInstructions), (item.GetProperty("code").GetString(), item.GetProperty("pin").GetString(), item.GetProperty("instructions").GetString()));
    }

    [Fact]
    public async Task PostOrders_TopUp_ItemsWithAConfirmationAndANullCode()
    {
        _simulator.ScriptReference(_reference, SupplierBehaviour.TopUp);

        using var response = await PostAsync($$"""{"sku":"airtime-10","quantity":1,"reference":"{{_reference}}"}""");
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var item = Assert.Single(answer.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("code").ValueKind);
        Assert.StartsWith("airtime-10 credited", item.GetProperty("confirmation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostOrders_UnreadableAnswer_HtmlButTheOrderExistsAndLookupsRead()
    {
        _simulator.ScriptReference(_reference, SupplierBehaviour.UnreadableAnswer);

        using var response = await PostAsync($$"""{"sku":"steam-20-usd","quantity":1,"reference":"{{_reference}}"}""");
        using var lookup = JsonDocument.Parse(await _http.GetStringAsync($"orders?reference={_reference}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Assert.Single(_simulator.OrdersFor(_reference)).SupplierOrderId, lookup.RootElement.GetProperty("order_id").GetString());
    }

    [Fact]
    public async Task PostOrders_NoKey_401()
    {
        using var anonymous = new HttpClient { BaseAddress = _simulator.BaseUrl };

        using var response = await anonymous.PostAsync("orders", Json($$"""{"sku":"a","quantity":1,"reference":"{{_reference}}"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"invalid_api_key"}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(_simulator.Ledger);
    }

    [Theory]
    [InlineData("""{"quantity":1,"reference":"r"}""", "sku is required (a non-empty string)")]
    [InlineData("""{"sku":"a","quantity":0,"reference":"r"}""", "quantity is required (an integer from 1 to 100)")]
    [InlineData("""{"sku":"a","quantity":"2","reference":"r"}""", "quantity is required (an integer from 1 to 100)")]
    [InlineData("""{"sku":"a","quantity":1}""", "reference is required (a non-empty string of at most 128 characters)")]
    [InlineData("""[1]""", "the body must be a JSON object")]
    public async Task PostOrders_InvalidBody_400WithReason(string body, string reason)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Empty(_simulator.Ledger);
    }

    [Fact]
    public async Task PostOrders_NotJson_400()
    {
        using var response = await PostAsync("""{"sku": """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("invalid JSON", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimScripting_OverHttp_AppliesToNextOrderAndCounts()
    {
        using var script = await _http.PutAsync("_sim/references/" + _reference, Json("""{"behaviour":"failed:no_stock"}"""));
        using var placed = await PostAsync($$"""{"sku":"a","quantity":1,"reference":"{{_reference}}"}""");
        using var counters = JsonDocument.Parse(await _http.GetStringAsync("_sim/counters"));

        Assert.Equal(HttpStatusCode.NoContent, script.StatusCode);
        using var order = JsonDocument.Parse(await placed.Content.ReadAsStringAsync());
        Assert.Equal("failed", order.RootElement.GetProperty("status").GetString());
        Assert.Equal("no_stock", order.RootElement.GetProperty("error").GetString());
        Assert.Equal(1, counters.RootElement.GetProperty("place_order").GetInt32());
    }

    [Theory]
    [InlineData("completed", SupplierBehaviourKind.Completed, 0)]
    [InlineData("error-500:2", SupplierBehaviourKind.Error500, 2)]
    [InlineData("error-500", SupplierBehaviourKind.Error500, SupplierBehaviour.Always)]
    [InlineData("pending-then-completed-on-poll:3", SupplierBehaviourKind.PendingThenCompletedOnPoll, 3)]
    [InlineData("created-answer-lost", SupplierBehaviourKind.CreatedAnswerLost, 0)]
    [InlineData("unreadable-answer", SupplierBehaviourKind.UnreadableAnswer, 0)]
    [InlineData("top-up", SupplierBehaviourKind.TopUp, 0)]
    public void Parse_ConfigurationSyntax_BuildsBehaviour(string text, SupplierBehaviourKind kind, int count)
    {
        var behaviour = SupplierBehaviour.Parse(text);

        Assert.Equal(kind, behaviour.Kind);
        Assert.Equal(count, behaviour.Count);
    }

    [Fact]
    public void Parse_WebhookFlags_AllRead()
    {
        Assert.Equal(
            SupplierBehaviour.PendingThenWebhookOnRelease(duplicate: true, staleAfter: true),
            SupplierBehaviour.Parse("pending-then-webhook:release,duplicate,stale"));
        Assert.Equal(SupplierBehaviour.PendingThenWebhook(TimeSpan.FromSeconds(2)), SupplierBehaviour.Parse("pending-then-webhook:2000"));
        Assert.Throws<FormatException>(() => SupplierBehaviour.Parse("teleport"));
    }

    [Fact]
    public void FromConfiguration_SimulatorSection_ReadsSettingsAndScripts()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Simulator:ApiKey"] = "k",
                ["Simulator:WebhookSecret"] = "s-0123456789abcdef",
                ["Simulator:WebhookCallbackUrl"] = "http://127.0.0.1:5000/webhooks/supplier",
                ["Simulator:DefaultLatency"] = "00:00:00.050",
                ["Simulator:Balance"] = "12.5",
                ["Simulator:Skus:steam-20-usd"] = "error-500:2",
                ["Simulator:FieldNames:order_id"] = "id",
                ["Simulator:StatusNames:completed"] = "SUCCESS",
                ["Simulator:WebhookEventIds"] = "true",
            })
            .Build()
            .GetSection("Simulator");

        var options = SupplierSimulatorOptions.FromConfiguration(section);

        Assert.Equal(("k", "s-0123456789abcdef", TimeSpan.FromMilliseconds(50), 12.5m), (options.ApiKey, options.WebhookSecret, options.DefaultLatency, options.InitialBalance));
        Assert.Equal(new Uri("http://127.0.0.1:5000/webhooks/supplier"), options.WebhookCallbackUrl);
        Assert.Equal(SupplierBehaviour.Error500(2), options.Skus["steam-20-usd"]);
        Assert.Equal(SupplierBehaviour.Completed, options.DefaultBehaviour);
        Assert.Equal(("id", "reference", "SUCCESS", "pending", true), (options.Field("order_id"), options.Field("reference"), options.Status("completed"), options.Status("pending"), options.WebhookEventIds));
    }

    private async Task<HttpResponseMessage> PostAsync(string body) => await _http.PostAsync("orders", Json(body));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
