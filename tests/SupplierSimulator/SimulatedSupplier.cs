using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Delivery.SupplierSimulator.Wire;

namespace Orleans.Delivery.SupplierSimulator;

// The simulated supplier's state and rules, shared by the HTTP endpoints and the in-process host.
internal sealed class SimulatedSupplier : IAsyncDisposable
{
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const string Digits = "0123456789";

    private readonly Lock _gate = new();
    private readonly List<SimulatedOrder> _orders = [];
    private readonly Dictionary<string, SimulatedOrder> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScriptEntry> _skus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScriptEntry> _references = new(StringComparer.Ordinal);
    private readonly ScriptEntry _default;
    private readonly int[] _requests = new int[Enum.GetValues<SupplierEndpoint>().Length];
    private readonly List<PlannedWebhook> _held = [];
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly List<(string Reference, TaskCompletionSource<SupplierLedgerEntry> Waiter)> _waiters = [];
    private readonly List<Task> _background = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _webhooks = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private decimal _balance;
    private TaskCompletionSource? _balanceHold;
    private Uri? _callback;

    public SimulatedSupplier(SupplierSimulatorOptions options)
    {
        Options = options;
        Signer = new SupplierWebhookSigner(options.WebhookSecret, options.SignatureHeader, options.TimestampHeader);
        _default = new ScriptEntry(options.DefaultBehaviour);
        _balance = options.InitialBalance;
        _callback = options.WebhookCallbackUrl;
        foreach (var (sku, behaviour) in options.Skus)
        {
            _skus[sku] = new ScriptEntry(behaviour);
        }
    }

    public SupplierSimulatorOptions Options { get; }

    public SupplierWebhookSigner Signer { get; }

    public TimeProvider Time => Options.TimeProvider;

    public CancellationToken Stopping => _stopping.Token;

    public Uri? WebhookCallbackUrl
    {
        get { lock (_gate) { return _callback; } }
        set { lock (_gate) { _callback = value; } }
    }

    public decimal Balance
    {
        get { lock (_gate) { return _balance; } }
        set { lock (_gate) { _balance = value; } }
    }

    public IReadOnlyList<SupplierLedgerEntry> Ledger
    {
        get { lock (_gate) { return [.. _orders.Select(o => o.Snapshot())]; } }
    }

    public IReadOnlyList<WebhookDelivery> WebhookDeliveries
    {
        get { lock (_gate) { return [.. _deliveries]; } }
    }

    public void Script(string sku, SupplierBehaviour behaviour)
    {
        lock (_gate)
        {
            _skus[sku] = new ScriptEntry(behaviour);
        }
    }

    public void ScriptReference(string reference, SupplierBehaviour behaviour)
    {
        lock (_gate)
        {
            _references[reference] = new ScriptEntry(behaviour);
        }
    }

    // A reference's script wins over its SKU's, which wins over the default.
    public ScriptEntry Resolve(string reference, string sku)
    {
        lock (_gate)
        {
            return _references.GetValueOrDefault(reference) ?? _skus.GetValueOrDefault(sku) ?? _default;
        }
    }

    public void Count(SupplierEndpoint endpoint) => Interlocked.Increment(ref _requests[(int)endpoint]);

    public int RequestCount(SupplierEndpoint endpoint) => Volatile.Read(ref _requests[(int)endpoint]);

    public bool IsAuthorized(string? authorization) =>
        AuthenticationHeaderValue.TryParse(authorization, out var value)
        && string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
        && string.Equals(value.Parameter, Options.ApiKey, StringComparison.Ordinal);

    /// <summary>Makes <c>GET /balance</c> wait, from now until <see cref="ReleaseBalance"/>: a supplier slow to answer it.</summary>
    public void HoldBalance()
    {
        lock (_gate)
        {
            _balanceHold ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets every held and later <c>GET /balance</c> answer.</summary>
    public void ReleaseBalance()
    {
        TaskCompletionSource? hold;
        lock (_gate)
        {
            hold = _balanceHold;
            _balanceHold = null;
        }

        hold?.TrySetResult();
    }

    /// <summary>Waits while the balance is held.</summary>
    public Task BalanceHeldAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _balanceHold?.Task.WaitAsync(cancellationToken) ?? Task.CompletedTask;
        }
    }

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, Time, cancellationToken) : Task.CompletedTask;

    // Creates the order as the behaviour says; returns its state as the POST answers it. Never de-duplicates by
    // reference: that is what a real supplier does, and what makes a double purchase visible in the ledger.
    public SupplierLedgerEntry CreateOrder(string sku, int quantity, string reference, SupplierBehaviour behaviour)
    {
        var now = Time.GetUtcNow();
        var codes = MakeCodes(sku, quantity, behaviour.Kind);
        var order = new SimulatedOrder
        {
            Id = "sup_" + RandomNumberGenerator.GetHexString(16, lowercase: true),
            Reference = reference,
            Sku = sku,
            Quantity = quantity,
            Behaviour = behaviour,
            CreatedAt = now,
            Codes = codes,
        };

        SupplierLedgerEntry answer;
        List<TaskCompletionSource<SupplierLedgerEntry>> woken;
        lock (_gate)
        {
            var cost = quantity * Options.UnitPrice;
            if (behaviour.Kind == SupplierBehaviourKind.Failed)
            {
                order.Status = "failed";
                order.Error = behaviour.FailureReason;
            }
            else if (_balance < cost)
            {
                order.Status = "failed";
                order.Error = "insufficient_balance";
            }
            else
            {
                _balance -= cost;
                order.Status = behaviour.Kind switch
                {
                    SupplierBehaviourKind.PendingThenWebhook or SupplierBehaviourKind.PendingThenCompletedOnPoll or SupplierBehaviourKind.PendingForever => "pending",
                    _ => "completed",
                };
                if (order.Status == "completed")
                {
                    order.CompletedAt = now;
                }
            }

            _orders.Add(order);
            _byId[order.Id] = order;
            answer = order.Snapshot();
            woken = [.. _waiters.Where(w => w.Reference == reference).Select(w => w.Waiter)];
            _waiters.RemoveAll(w => w.Reference == reference);
        }

        foreach (var waiter in woken)
        {
            waiter.TrySetResult(answer);
        }

        if (behaviour.Kind == SupplierBehaviourKind.PendingThenWebhook && answer.Status == "pending")
        {
            PlanWebhooks(order, behaviour);
        }

        return answer;
    }

    public SupplierLedgerEntry? Find(string id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id)?.Snapshot();
        }
    }

    // The earliest order with the reference, so repeated lookups agree even when the reference was bought twice.
    public SupplierLedgerEntry? FindByReference(string reference)
    {
        lock (_gate)
        {
            return _orders.Find(o => o.Reference == reference)?.Snapshot();
        }
    }

    // A GET /orders/{id}: counts as a poll, which is what completes a pending-then-completed-on-poll order.
    public SupplierLedgerEntry? Poll(string id)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var order))
            {
                return null;
            }

            order.Polls++;
            if (order.Behaviour.Kind == SupplierBehaviourKind.PendingThenCompletedOnPoll
                && order.Status == "pending"
                && order.Polls >= order.Behaviour.Count)
            {
                order.Status = "completed";
                order.CompletedAt = Time.GetUtcNow();
            }

            return order.Snapshot();
        }
    }

    public Task<SupplierLedgerEntry> WaitForOrderAsync(string reference, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<SupplierLedgerEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_orders.Find(o => o.Reference == reference) is { } existing)
            {
                return Task.FromResult(existing.Snapshot());
            }

            _waiters.Add((reference, waiter));
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    public async Task<int> ReleaseWebhooksAsync(CancellationToken cancellationToken)
    {
        List<PlannedWebhook> held;
        lock (_gate)
        {
            held = [.. _held];
            _held.Clear();
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        foreach (var webhook in held)
        {
            await SendAsync(webhook, linked.Token);
        }

        return held.Count;
    }

    public JsonObject ToJson(SupplierLedgerEntry order) => SupplierWire.Order(order, Options);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] background;
        lock (_gate)
        {
            background = [.. _background];
        }

        try
        {
            await Task.WhenAll(background);
        }
        catch (OperationCanceledException)
        {
            // Webhooks still waiting for their delay when the simulator stops are dropped, as intended.
        }

        // The token source is left undisposed: requests still finishing while Kestrel stops read its token.
        _webhooks.Dispose();
    }

    private void PlanWebhooks(SimulatedOrder order, SupplierBehaviour behaviour)
    {
        var completed = new PlannedWebhook(order.Id, NewEventId(), "completed");
        List<PlannedWebhook> plan = [completed];
        if (behaviour.DuplicateWebhook)
        {
            plan.Add(completed);
        }

        if (behaviour.StaleWebhookAfter)
        {
            plan.Add(new PlannedWebhook(order.Id, NewEventId(), "pending"));
        }

        lock (_gate)
        {
            if (behaviour.WebhookOnRelease)
            {
                _held.AddRange(plan);
                return;
            }

            _background.RemoveAll(t => t.IsCompleted);

            // Called directly rather than through Task.Run, so the delay's timer exists before the POST answers and
            // a test driving a manual clock cannot advance it too early.
            _background.Add(SendLaterAsync(plan, behaviour.Delay, _stopping.Token));
        }
    }

    private async Task SendLaterAsync(List<PlannedWebhook> plan, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await DelayAsync(delay, cancellationToken);
            foreach (var webhook in plan)
            {
                await SendAsync(webhook, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SendAsync(PlannedWebhook webhook, CancellationToken cancellationToken)
    {
        SimulatedOrder order;
        Uri? callback;
        lock (_gate)
        {
            order = _byId[webhook.OrderId];
            if (webhook.Status == "completed" && order.Status == "pending")
            {
                order.Status = "completed";
                order.CompletedAt = Time.GetUtcNow();
            }

            callback = _callback;
        }

        var items = webhook.Status == "completed" ? order.Codes : [];
        var body = Encoding.UTF8.GetBytes(
            SupplierWire.Webhook(webhook.EventId, order.Id, order.Reference, webhook.Status, items, Options).ToJsonString());

        var attempts = Math.Max(1, Options.WebhookMaxAttempts);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var (status, error) = callback is null ? (null, "no webhook callback URL configured") : await PostAsync(callback, body, cancellationToken);
            var delivery = new WebhookDelivery(webhook.EventId, order.Id, order.Reference, webhook.Status, attempt, status, error, Time.GetUtcNow());
            lock (_gate)
            {
                _deliveries.Add(delivery);
            }

            if (delivery.Delivered || callback is null)
            {
                return;
            }

            if (attempt < attempts)
            {
                await DelayAsync(Options.WebhookRetryDelay, cancellationToken);
            }
        }
    }

    private async Task<(int? Status, string? Error)> PostAsync(Uri callback, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in Signer.CreateHeaders(body, Time.GetUtcNow()))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _webhooks.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, null);
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "callback timed out: " + e.Message);
        }
    }

    private static List<SimulatedCode> MakeCodes(string sku, int quantity, SupplierBehaviourKind kind)
    {
        var codes = new List<SimulatedCode>(quantity);
        for (var i = 0; i < quantity; i++)
        {
            if (kind == SupplierBehaviourKind.TopUp)
            {
                // A top-up is credited by the supplier: there is no code, only its word that the credit went through.
                codes.Add(new SimulatedCode("", null, null, $"{sku} credited, transaction TX{RandomNumberGenerator.GetString(Digits, 10)}"));
                continue;
            }

            var code = kind == SupplierBehaviourKind.EmptyCode
                ? ""
                : string.Join('-', RandomNumberGenerator.GetString(CodeAlphabet, 5), RandomNumberGenerator.GetString(CodeAlphabet, 5), RandomNumberGenerator.GetString(CodeAlphabet, 5));
            var pin = kind == SupplierBehaviourKind.MissingPin ? null : RandomNumberGenerator.GetString(Digits, 4);
            codes.Add(new SimulatedCode(code, pin, SimulatedCode.RedeemInstructions));
        }

        return codes;
    }

    private static string NewEventId() => "evt_" + RandomNumberGenerator.GetHexString(16, lowercase: true);

}
