using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Delivery.EndToEnd.Tests.Servers;
using Orleans.Delivery.Silo.Supplier;
using Orleans.Delivery.SupplierSimulator;
using Polly.CircuitBreaker;

namespace Orleans.Delivery.EndToEnd.Tests.Supplier;

public sealed class SupplierClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    private readonly string _sku = $"steam-20-usd-{Guid.NewGuid():N}";
    private readonly string _reference = $"order-{Guid.NewGuid():N}";
    private SupplierSimulatorHost _simulator = null!;
    private SupplierClientHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SupplierSimulatorHost.StartAsync();
        _harness = new SupplierClientHarness(_simulator.BaseUrl, _simulator.Options.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _harness.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task PlaceOrder_Completed_ReturnsTheLedgersCodes()
    {
        var response = await _harness.Client.PlaceOrderAsync(_sku, 2, _reference);

        var completed = Assert.IsType<SupplierResponse.Completed>(response);
        var order = Assert.Single(_simulator.OrdersFor(_reference));
        Assert.Equal(order.SupplierOrderId, completed.SupplierOrderId);
        Assert.Equal(order.Items.Select(i => (i.Code, i.Pin, i.Instructions)), completed.Items.Select(i => (i.Code, (string?)i.Pin, i.Instructions)));
        Assert.All(completed.Items, i => Assert.Equal(SimulatedCode.RedeemInstructions, i.Instructions));
        Assert.True(SupplierCodeValidator.Validate(completed.Items, 2, pinRequired: true).IsValid);
    }

    [Fact]
    public async Task PlaceOrder_Completed_LogsNeitherCodesNorKey()
    {
        var completed = Assert.IsType<SupplierResponse.Completed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));

        var logs = string.Join('\n', _harness.Logs.Lines);
        Assert.Contains(_reference, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(completed.Items[0].Code, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_simulator.Options.ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(completed.Items[0].Code, completed.Items[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaceOrder_PendingThenCompletedOnPoll_PollsUntilCompleted()
    {
        _simulator.Script(_sku, SupplierBehaviour.PendingThenCompletedOnPoll(2));

        var pending = Assert.IsType<SupplierResponse.Pending>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        var firstPoll = await _harness.Client.GetOrderAsync(pending.SupplierOrderId);
        var secondPoll = await _harness.Client.GetOrderAsync(pending.SupplierOrderId);

        Assert.Equal(pending, firstPoll);
        var completed = Assert.IsType<SupplierResponse.Completed>(secondPoll);
        Assert.Equal(pending.SupplierOrderId, completed.SupplierOrderId);
        Assert.Single(completed.Items);
        Assert.Equal("completed", Assert.Single(_simulator.OrdersFor(_reference)).Status);
    }

    [Fact]
    public async Task PlaceOrder_Failed_ReturnsFailedWithTheSuppliersReason()
    {
        _simulator.Script(_sku, SupplierBehaviour.Failed("out_of_stock"));

        var failed = Assert.IsType<SupplierResponse.Failed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));

        Assert.Equal("out_of_stock", failed.Reason);
        Assert.Equal(Assert.Single(_simulator.OrdersFor(_reference)).SupplierOrderId, failed.SupplierOrderId);
    }

    [Fact]
    public async Task PlaceOrder_BalanceTooLow_ReturnsFailedInsufficientBalance()
    {
        _simulator.Balance = 0.5m;

        var failed = Assert.IsType<SupplierResponse.Failed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));

        Assert.Equal("insufficient_balance", failed.Reason);
        Assert.Equal(new SupplierResponse.Balance(0.5m, "USD"), await _harness.Client.GetBalanceAsync());
    }

    [Fact]
    public async Task PlaceOrder_EmptyCode_CompletedButValidatorRejects()
    {
        _simulator.Script(_sku, SupplierBehaviour.EmptyCode);

        var completed = Assert.IsType<SupplierResponse.Completed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        var validation = SupplierCodeValidator.Validate(completed.Items, 1, pinRequired: false);

        Assert.False(validation.IsValid);
        Assert.Equal("item 1 has an empty code", validation.Reason);
    }

    [Fact]
    public async Task PlaceOrder_MissingPin_ValidatorRejectsWhenPinRequired()
    {
        _simulator.Script(_sku, SupplierBehaviour.MissingPin);

        var completed = Assert.IsType<SupplierResponse.Completed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));

        Assert.Null(completed.Items[0].Pin);
        Assert.False(SupplierCodeValidator.Validate(completed.Items, 1, pinRequired: true).IsValid);
        Assert.True(SupplierCodeValidator.Validate(completed.Items, 1, pinRequired: false).IsValid);
    }

    [Fact]
    public async Task PlaceOrder_MalformedJson_ReturnsMalformedAndTheOrderExists()
    {
        _simulator.Script(_sku, SupplierBehaviour.MalformedJson);

        var malformed = Assert.IsType<SupplierResponse.Malformed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));

        Assert.StartsWith("not JSON", malformed.Reason, StringComparison.Ordinal);
        Assert.Single(_simulator.OrdersFor(_reference));
        Assert.Equal(1, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
    }

    [Fact]
    public async Task PlaceOrder_UnreadableAnswer_MalformedThenFoundByReferenceWithoutBuyingAgain()
    {
        _simulator.Script(_sku, SupplierBehaviour.UnreadableAnswer);

        var placed = await _harness.Client.PlaceOrderAsync(_sku, 1, _reference);
        var found = await _harness.Client.FindByReferenceAsync(_reference);

        Assert.StartsWith("not JSON", Assert.IsType<SupplierResponse.Malformed>(placed).Reason, StringComparison.Ordinal);
        var order = Assert.Single(_simulator.OrdersFor(_reference));
        var completed = Assert.IsType<SupplierResponse.Completed>(found);
        Assert.Equal(order.SupplierOrderId, completed.SupplierOrderId);
        Assert.Equal(order.Items.Single().Code, completed.Items.Single().Code);
        Assert.Equal(1, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
    }

    [Fact]
    public async Task PlaceOrder_TopUp_ItemsCarryTheConfirmationAndNoCode()
    {
        _simulator.Script(_sku, SupplierBehaviour.TopUp);

        var completed = Assert.IsType<SupplierResponse.Completed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));

        var item = Assert.Single(completed.Items);
        Assert.Equal("", item.Code);
        Assert.Null(item.Pin);
        Assert.Equal(Assert.Single(Assert.Single(_simulator.OrdersFor(_reference)).Items).Confirmation, item.Confirmation);
        Assert.StartsWith($"{_sku} credited", item.Confirmation, StringComparison.Ordinal);
        Assert.True(SupplierCodeValidator.Validate(completed.Items, 1, pinRequired: true).IsValid);
    }

    [Fact]
    public async Task Orders_SupplierWithItsOwnNames_UnreadableWithDefaultsReadThroughTheFieldMapping()
    {
        await using var renamed = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions
        {
            FieldNames = { ["order_id"] = "voucher_order", ["status"] = "state", ["items"] = "vouchers", ["code"] = "serial_code", ["pin"] = "secret", ["error"] = "message" },
            StatusNames = { ["completed"] = "SUCCESS", ["pending"] = "IN_PROGRESS", ["failed"] = "REJECTED" },
        });
        renamed.Script($"{_sku}-pending", SupplierBehaviour.PendingForever);
        renamed.Script($"{_sku}-failed", SupplierBehaviour.Failed("no_stock"));
        using var defaults = new SupplierClientHarness(renamed.BaseUrl, renamed.Options.ApiKey);
        using var mapped = new SupplierClientHarness(renamed.BaseUrl, renamed.Options.ApiKey, settings: new Dictionary<string, string?>
        {
            ["Supplier:Fields:OrderId"] = "voucher_order",
            ["Supplier:Fields:Status"] = "state",
            ["Supplier:Fields:Items"] = "vouchers",
            ["Supplier:Fields:Code"] = "serial_code",
            ["Supplier:Fields:Pin"] = "secret",
            ["Supplier:Fields:Error"] = "message",
            ["Supplier:Fields:StatusValues:SUCCESS"] = "completed",
            ["Supplier:Fields:StatusValues:in_progress"] = "pending",
            ["Supplier:Fields:StatusValues:Rejected"] = "failed",
        });

        var unread = await defaults.Client.PlaceOrderAsync(_sku, 1, $"{_reference}-1");
        var completed = await mapped.Client.PlaceOrderAsync(_sku, 1, $"{_reference}-2");
        var pending = await mapped.Client.PlaceOrderAsync($"{_sku}-pending", 1, $"{_reference}-3");
        var failed = await mapped.Client.PlaceOrderAsync($"{_sku}-failed", 1, $"{_reference}-4");

        Assert.Equal(new SupplierResponse.Malformed("the order has no status"), unread);
        var bought = Assert.Single(renamed.OrdersFor($"{_reference}-2"));
        var code = Assert.IsType<SupplierResponse.Completed>(completed);
        Assert.Equal(bought.SupplierOrderId, code.SupplierOrderId);
        Assert.Equal(bought.Items.Select(i => (i.Code, i.Pin)), code.Items.Select(i => (i.Code, i.Pin)));
        Assert.Equal(new SupplierResponse.Pending(Assert.Single(renamed.OrdersFor($"{_reference}-3")).SupplierOrderId), pending);
        Assert.Equal("no_stock", Assert.IsType<SupplierResponse.Failed>(failed).Reason);
        foreach (var lookup in new[] { await mapped.Client.FindByReferenceAsync($"{_reference}-2"), await mapped.Client.GetOrderAsync(code.SupplierOrderId) })
        {
            var found = Assert.IsType<SupplierResponse.Completed>(lookup);
            Assert.Equal(code.SupplierOrderId, found.SupplierOrderId);
            Assert.Equal(code.Items, found.Items);
        }
    }

    [Fact]
    public async Task PlaceOrder_AnswerWithTheOldIdField_StillRead()
    {
        await using var legacy = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions { FieldNames = { ["order_id"] = "id" } });
        using var harness = new SupplierClientHarness(legacy.BaseUrl, legacy.Options.ApiKey);

        var completed = Assert.IsType<SupplierResponse.Completed>(await harness.Client.PlaceOrderAsync(_sku, 1, _reference));

        Assert.Equal(Assert.Single(legacy.OrdersFor(_reference)).SupplierOrderId, completed.SupplierOrderId);
    }

    [Fact]
    public async Task PlaceOrder_AnswerWithoutAnyOrderId_MalformedNamingTheField()
    {
        await using var anonymous = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions { FieldNames = { ["order_id"] = "supplier_ref" } });
        using var harness = new SupplierClientHarness(anonymous.BaseUrl, anonymous.Options.ApiKey);

        var placed = await harness.Client.PlaceOrderAsync(_sku, 1, _reference);

        Assert.Equal(new SupplierResponse.Malformed("a completed order without order_id"), placed);
        Assert.Single(anonymous.OrdersFor(_reference));
    }

    [Fact]
    public async Task GetOrder_TwoServerErrors_RetriesToCompleted()
    {
        var placed = Assert.IsType<SupplierResponse.Completed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        _simulator.ScriptReference(_reference, SupplierBehaviour.Error500(2));

        var read = await _harness.Client.GetOrderAsync(placed.SupplierOrderId);

        var completed = Assert.IsType<SupplierResponse.Completed>(read);
        Assert.Equal(placed.Items, completed.Items);
        Assert.Equal(3, _simulator.RequestCount(SupplierEndpoint.GetOrder));
    }

    [Fact]
    public async Task GetOrder_Retried_PollyReportsTheRetriesOfTheLookupPipeline()
    {
        var placed = Assert.IsType<SupplierResponse.Completed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        _simulator.ScriptReference(_reference, SupplierBehaviour.Error500(2));
        using var events = new ResilienceEvents();

        Assert.IsType<SupplierResponse.Completed>(await _harness.Client.GetOrderAsync(placed.SupplierOrderId));

        // The meter is process-wide and other tests may retry lookups meanwhile: at least this test's two retries.
        Assert.True(events.Count(SupplierResilience.LookupPipeline, "OnRetry") >= 2, events.ToString());
        // The logs are this client's own: exactly its two retries, reported by Polly under the pipeline's name.
        Assert.Equal(2, _harness.Logs.Lines.Count(l =>
            l.Contains(" Polly[", StringComparison.Ordinal)
            && l.Contains("'OnRetry'", StringComparison.Ordinal)
            && l.Contains($"'{SupplierResilience.LookupPipeline}/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GetOrder_ServerErrorsOutlastTries_UnreachableNotCreated()
    {
        var placed = Assert.IsType<SupplierResponse.Completed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        _simulator.ScriptReference(_reference, SupplierBehaviour.Error500(5));

        var read = await _harness.Client.GetOrderAsync(placed.SupplierOrderId);

        Assert.Equal(new SupplierResponse.Unreachable("HTTP 500", MayHaveBeenCreated: false), read);
        Assert.Equal(3, _simulator.RequestCount(SupplierEndpoint.GetOrder));
    }

    [Fact]
    public async Task PlaceOrder_AlwaysServerError_UnreachableMayHaveBeenCreatedAfterOnePost()
    {
        _simulator.Script(_sku, SupplierBehaviour.Error500Always());

        var response = await _harness.Client.PlaceOrderAsync(_sku, 1, _reference);

        Assert.Equal(new SupplierResponse.Unreachable("HTTP 500", MayHaveBeenCreated: true), response);
        Assert.Equal(1, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Empty(_simulator.OrdersFor(_reference));
    }

    [Fact]
    public async Task PlaceOrder_ServerErrorAfterCreating_FoundByReferenceWithoutBuyingAgain()
    {
        _simulator.Script(_sku, SupplierBehaviour.Error500(1, orderCreated: true));

        var response = await _harness.Client.PlaceOrderAsync(_sku, 1, _reference);
        var found = await _harness.Client.FindByReferenceAsync(_reference);

        Assert.True(Assert.IsType<SupplierResponse.Unreachable>(response).MayHaveBeenCreated);
        Assert.Equal(Assert.Single(_simulator.OrdersFor(_reference)).SupplierOrderId, Assert.IsType<SupplierResponse.Completed>(found).SupplierOrderId);
        Assert.Equal(1, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
    }

    [Fact]
    public async Task PlaceOrder_SlowBeyondTimeout_UnreachableThenFoundByReference()
    {
        _simulator.Script(_sku, SupplierBehaviour.Slow(TimeSpan.FromMinutes(5)));
        using var bounded = new CancellationTokenSource(Bounded);

        var placing = _harness.Client.PlaceOrderAsync(_sku, 1, _reference, bounded.Token);
        var created = await _simulator.WaitForOrderAsync(_reference, bounded.Token);
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));
        var response = await placing.WaitAsync(bounded.Token);

        Assert.Equal(new SupplierResponse.Unreachable("no answer within 10 s", MayHaveBeenCreated: true), response);
        var found = Assert.IsType<SupplierResponse.Completed>(await _harness.Client.FindByReferenceAsync(_reference, bounded.Token));
        Assert.Equal(created.SupplierOrderId, found.SupplierOrderId);
        Assert.Single(_simulator.OrdersFor(_reference));
        Assert.Equal(1, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
    }

    [Fact]
    public async Task PlaceOrder_CreatedAnswerLost_UnreachableThenFoundByReference()
    {
        _simulator.Script(_sku, SupplierBehaviour.CreatedAnswerLost);

        // A warm, pooled connection first: the POST must not be silently resent when that connection drops.
        Assert.IsType<SupplierResponse.Balance>(await _harness.Client.GetBalanceAsync());
        var response = await _harness.Client.PlaceOrderAsync(_sku, 1, _reference);
        var found = await _harness.Client.FindByReferenceAsync(_reference);

        var unreachable = Assert.IsType<SupplierResponse.Unreachable>(response);
        Assert.True(unreachable.MayHaveBeenCreated);
        Assert.StartsWith("network error", unreachable.Reason, StringComparison.Ordinal);
        var order = Assert.Single(_simulator.OrdersFor(_reference));
        Assert.Equal(order.SupplierOrderId, Assert.IsType<SupplierResponse.Completed>(found).SupplierOrderId);
        Assert.Equal(1, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
    }

    [Fact]
    public async Task PlaceOrder_RepeatedFailures_BreakerOpensThenClosesAfterBreak()
    {
        using var harness = new SupplierClientHarness(_simulator.BaseUrl, _simulator.Options.ApiKey, Breaker);
        _simulator.Script(_sku, SupplierBehaviour.Error500Always());

        var first = await harness.Client.PlaceOrderAsync(_sku, 1, $"{_reference}-1");
        var second = await harness.Client.PlaceOrderAsync(_sku, 1, $"{_reference}-2");
        var whileOpen = await harness.Client.PlaceOrderAsync(_sku, 1, $"{_reference}-3");
        var lookupWhileOpen = await harness.Client.FindByReferenceAsync($"{_reference}-3");

        Assert.True(Assert.IsType<SupplierResponse.Unreachable>(first).MayHaveBeenCreated);
        Assert.True(Assert.IsType<SupplierResponse.Unreachable>(second).MayHaveBeenCreated);
        Assert.Equal(CircuitState.Open, harness.Resilience.CircuitState);
        // Refused by our own circuit: nothing left this process, so the call is postponed rather than failed.
        var failedFast = Assert.IsType<SupplierResponse.NotSent>(whileOpen);
        Assert.StartsWith("circuit open", failedFast.Reason, StringComparison.Ordinal);
        Assert.IsType<SupplierResponse.NotSent>(lookupWhileOpen);
        Assert.Equal(2, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Equal(0, _simulator.RequestCount(SupplierEndpoint.FindByReference));

        _simulator.Script(_sku, SupplierBehaviour.Completed);
        harness.Clock.Advance(BreakDuration + TimeSpan.FromSeconds(1));
        var probe = await harness.Client.PlaceOrderAsync(_sku, 1, $"{_reference}-4");

        Assert.IsType<SupplierResponse.Completed>(probe);
        Assert.Equal(CircuitState.Closed, harness.Resilience.CircuitState);
        Assert.Equal(3, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
    }

    [Fact]
    public async Task PlaceOrder_BadApiKey_RejectedWithoutAnOrder()
    {
        using var wrongKey = new SupplierClientHarness(_simulator.BaseUrl, "not-the-key");

        var placed = await wrongKey.Client.PlaceOrderAsync(_sku, 1, _reference);
        var balance = await wrongKey.Client.GetBalanceAsync();

        Assert.Equal(new SupplierResponse.Rejected(401, "the supplier refused the API key (HTTP 401): invalid_api_key"), placed);
        Assert.Equal(401, Assert.IsType<SupplierResponse.Rejected>(balance).StatusCode);
        Assert.Empty(_simulator.OrdersFor(_reference));
        Assert.Equal(1, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
    }

    [Fact]
    public async Task PlaceOrder_ConnectionRefused_NotSent()
    {
        using var nowhere = new SupplierClientHarness(new Uri($"http://127.0.0.1:{ClosedPort()}/"), "any-key");

        var response = await nowhere.Client.PlaceOrderAsync(_sku, 1, _reference);

        var notSent = Assert.IsType<SupplierResponse.NotSent>(response);
        Assert.StartsWith("no connection (ConnectionError)", notSent.Reason, StringComparison.Ordinal);
        Assert.Equal(2, nowhere.Logs.Lines.Count(l => l.Contains("[4105]", StringComparison.Ordinal)));
        Assert.Single(nowhere.Logs.Lines, l => l.Contains("[4110]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lookups_ConnectionRefused_NotSent()
    {
        using var nowhere = new SupplierClientHarness(new Uri($"http://127.0.0.1:{ClosedPort()}/"), "any-key");

        Assert.IsType<SupplierResponse.NotSent>(await nowhere.Client.FindByReferenceAsync(_reference));
        Assert.IsType<SupplierResponse.NotSent>(await nowhere.Client.GetOrderAsync("sup_1"));
    }

    [Fact]
    public async Task PlaceOrder_SupplierDownAfterAWarmConnection_NotSentThenPlacedOnceItIsBack()
    {
        Assert.IsType<SupplierResponse.Balance>(await _harness.Client.GetBalanceAsync());
        await _simulator.GoDownAsync();

        var whileDown = await _harness.Client.PlaceOrderAsync(_sku, 1, _reference);
        var lookupWhileDown = await _harness.Client.FindByReferenceAsync(_reference);
        await _simulator.ComeBackAsync();
        var afterwards = await _harness.Client.PlaceOrderAsync(_sku, 1, _reference);

        Assert.StartsWith("no connection (ConnectionError)", Assert.IsType<SupplierResponse.NotSent>(whileDown).Reason, StringComparison.Ordinal);
        Assert.IsType<SupplierResponse.NotSent>(lookupWhileDown);
        var bought = Assert.Single(_simulator.OrdersFor(_reference));
        Assert.Equal(bought.SupplierOrderId, Assert.IsType<SupplierResponse.Completed>(afterwards).SupplierOrderId);
        Assert.Equal(1, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Equal(0, _simulator.RequestCount(SupplierEndpoint.FindByReference));
    }

    [Fact]
    public async Task PlaceOrder_CircuitOpenedByRefusedConnections_NotSentWithoutTryingTheSupplier()
    {
        using var harness = new SupplierClientHarness(_simulator.BaseUrl, _simulator.Options.ApiKey, Breaker);
        await _simulator.GoDownAsync();

        var refused = await harness.Client.PlaceOrderAsync(_sku, 1, $"{_reference}-1");
        var whileOpen = await harness.Client.PlaceOrderAsync(_sku, 1, $"{_reference}-2");
        await _simulator.ComeBackAsync();
        var stillOpen = await harness.Client.PlaceOrderAsync(_sku, 1, $"{_reference}-3");

        // Two refused tries open the circuit, which refuses the third: not one of them left this process.
        Assert.StartsWith("circuit open", Assert.IsType<SupplierResponse.NotSent>(refused).Reason, StringComparison.Ordinal);
        Assert.Equal(2, harness.Logs.Lines.Count(l => l.Contains("[4105]", StringComparison.Ordinal)));
        Assert.Equal(CircuitState.Open, harness.Resilience.CircuitState);
        Assert.StartsWith("circuit open", Assert.IsType<SupplierResponse.NotSent>(whileOpen).Reason, StringComparison.Ordinal);
        Assert.StartsWith("circuit open", Assert.IsType<SupplierResponse.NotSent>(stillOpen).Reason, StringComparison.Ordinal);
        Assert.Equal(0, _simulator.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Empty(_simulator.Ledger);
    }

    [Fact]
    public async Task GetOrder_ServerErrorsThenTheCircuitOpensMidCall_UnreachableAsTheSupplierAnswered()
    {
        using var harness = new SupplierClientHarness(_simulator.BaseUrl, _simulator.Options.ApiKey, Breaker);
        var placed = Assert.IsType<SupplierResponse.Completed>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        _simulator.ScriptReference(_reference, SupplierBehaviour.Error500Always());

        var read = await harness.Client.GetOrderAsync(placed.SupplierOrderId);

        // Two tries reached the supplier and failed, which opened the circuit before the third: the answer counts.
        Assert.Equal(CircuitState.Open, harness.Resilience.CircuitState);
        var unreachable = Assert.IsType<SupplierResponse.Unreachable>(read);
        Assert.StartsWith("circuit open", unreachable.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _simulator.RequestCount(SupplierEndpoint.GetOrder));
    }

    [Fact]
    public async Task PlaceOrder_TimeoutAfterSending_UnreachableNotPostponed()
    {
        _simulator.Script(_sku, SupplierBehaviour.Slow(TimeSpan.FromMinutes(5)));
        using var bounded = new CancellationTokenSource(Bounded);

        var placing = _harness.Client.PlaceOrderAsync(_sku, 1, _reference, bounded.Token);
        await _simulator.WaitForOrderAsync(_reference, bounded.Token);
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));
        var response = await placing.WaitAsync(bounded.Token);

        Assert.IsNotType<SupplierResponse.NotSent>(response);
        Assert.True(Assert.IsType<SupplierResponse.Unreachable>(response).MayHaveBeenCreated);
    }

    [Fact]
    public async Task Lookups_UnknownOrder_NotFound()
    {
        Assert.IsType<SupplierResponse.NotFound>(await _harness.Client.FindByReferenceAsync(_reference));
        Assert.IsType<SupplierResponse.NotFound>(await _harness.Client.GetOrderAsync("sup_does_not_exist"));
    }

    [Fact]
    public async Task GetBalance_SetOnSimulator_ReturnsIt()
    {
        _simulator.Balance = 123.45m;

        Assert.Equal(new SupplierResponse.Balance(123.45m, "USD"), await _harness.Client.GetBalanceAsync());
    }

    [Fact]
    public async Task PlaceOrder_PendingForever_StaysPending()
    {
        _simulator.Script(_sku, SupplierBehaviour.PendingForever);

        var pending = Assert.IsType<SupplierResponse.Pending>(await _harness.Client.PlaceOrderAsync(_sku, 1, _reference));

        Assert.Equal(pending, await _harness.Client.GetOrderAsync(pending.SupplierOrderId));
        Assert.Equal(pending, await _harness.Client.FindByReferenceAsync(_reference));
    }

    [Fact]
    public void Options_RelativeBaseUrl_FailValidation()
    {
        using var harness = new SupplierClientHarness(_simulator.BaseUrl, "key", o => o.BaseUrl = new Uri("orders", UriKind.Relative));

        var error = Assert.Throws<OptionsValidationException>(() => harness.Client);

        Assert.Contains(error.Failures, f => f.Contains("BaseUrl must be an absolute http or https URL.", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_OutOfRange_FailValidation()
    {
        using var harness = new SupplierClientHarness(_simulator.BaseUrl, "key", o =>
        {
            o.TriesPerAttempt = 0;
            o.RequestTimeout = TimeSpan.Zero;
        });

        var error = Assert.Throws<OptionsValidationException>(() => harness.Client);

        Assert.Contains(error.Failures, f => f.Contains("TriesPerAttempt", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("RequestTimeout", StringComparison.Ordinal));
    }

    private static void Breaker(SupplierOptions options)
    {
        options.BreakerMinimumThroughput = 2;
        options.BreakerFailureRatio = 0.5;
        options.BreakerBreakDuration = BreakDuration;
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
