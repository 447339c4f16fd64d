using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Silo.Operations.Orders;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Reconciliation;

/// <summary>
/// Finds the orders still pending payment between <see cref="ReconciliationOptions.After"/> and
/// <see cref="ReconciliationOptions.MaxAge"/> old in the <c>orders</c> table and asks each to reconcile. The order
/// decides whether to look its payment up now (it spaces its own lookups), and its effect does the provider calls, so
/// this grain holds no state and awaits no provider.
/// </summary>
public sealed class ReconciliationGrain(
    IOrderListStore orders,
    IOptions<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<ReconciliationGrain> logger) : Grain, IReconciliationGrain, IRemindable
{
    public const string Reminder = "reconciliation-sweep";

    private const int PageSize = 100;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // Registering again only moves the next tick; the period follows the configuration after a change.
        var every = options.Value.Every;
        await this.RegisterOrUpdateReminder(Reminder, every, every);
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var asked = 0;
        string? before = null;
        do
        {
            var page = await orders.ReadAsync(
                new OrderQuery(Status: "pending_payment", From: now - settings.MaxAge, To: now - settings.After, Before: before, Limit: PageSize),
                cancellationToken);
            foreach (var order in page.Items.Take(settings.BatchSize - asked))
            {
                await GrainFactory.GetGrain<IOrderGrain>(order.OrderId).ReconcilePaymentAsync(cancellationToken);
                asked++;
            }

            before = page.Next;
        }
        while (before is not null && asked < settings.BatchSize);

        if (asked > 0)
        {
            OperationsLog.Swept(logger, asked);
        }

        return asked;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Reminder ? SweepAsync() : Task.CompletedTask;
}
