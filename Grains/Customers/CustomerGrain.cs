using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Runtime;

namespace Orleans.Delivery.Grains.Customers;

/// <summary>
/// A customer (key: the storefront's customer id, or the normalised email): runs <see cref="DownloadLedger"/>. One
/// activation handles one call at a time, so the count a mint checks is the count it writes, whatever the concurrency.
/// </summary>
[GrainType(CustomerGrain.Type)]
public sealed class CustomerGrain(
    [PersistentState(CustomerGrain.StateName, GrainStorage.Name)] IPersistentState<GrainRecord<CustomerState>> record,
    EffectRunner runner,
    TimeProvider time,
    ILogger<CustomerGrain> logger)
    : DeliveryGrain<CustomerState>(record, runner, time, logger), ICustomerGrain
{
    public const string Type = "customer";

    public const string StateName = "customer";

    protected override CustomerState Initial => CustomerState.Initial;

    public Task<CustomerView> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new CustomerView(
            Key,
            State.Email.Length == 0 ? null : State.Email,
            State.Entitlements.Select(View).ToList(),
            State.Licenses.Where(l => !l.Withdrawn)
                .Select(l => new LicenseView(l.OrderId, l.ProductSku, l.ProductName, l.Instructions, [.. l.Texts], l.DeliveredAt))
                .ToList()));

    public async Task<DownloadGrant> ConsumeDownloadAsync(string entitlementId, string? clientAddress, CancellationToken cancellationToken = default)
    {
        var turn = await RunAsync(new Mint(entitlementId, clientAddress ?? "unknown", Now));
        return turn.Mint switch
        {
            MintOutcome.Minted minted => new DownloadGrant(DownloadRefusal.None, View(minted.Entitlement)),
            MintOutcome.Refused refused => new DownloadGrant(
                refused.Reason switch
                {
                    MintRefusal.LimitReached => DownloadRefusal.LimitReached,
                    MintRefusal.Revoked => DownloadRefusal.Revoked,
                    _ => DownloadRefusal.UnknownEntitlement,
                },
                turn.State.Find(entitlementId) is { } entitlement ? View(entitlement) : null),
            _ => throw new InvalidOperationException("A mint always answers minted or refused."),
        };
    }

    public async Task<EntitlementChange> SetDownloadLimitAsync(string entitlementId, int? allowed, string operatorName, CancellationToken cancellationToken = default) =>
        Change(entitlementId, await RunAsync(new RaiseLimit(entitlementId, allowed, operatorName, Now)));

    public async Task<EntitlementChange> ResetDownloadsAsync(string entitlementId, string operatorName, CancellationToken cancellationToken = default) =>
        Change(entitlementId, await RunAsync(new ResetUsage(entitlementId, operatorName, Now)));

    protected override async Task OnMessageAsync(string message)
    {
        var command = JsonSerializer.Deserialize(message, CustomersJsonContext.Default.CustomerCommand)
            ?? throw new JsonException("A customer message is JSON null.");
        await RunAsync(command with { Now = Now });
    }

    private async Task<CustomerTurn> RunAsync(CustomerCommand command)
    {
        var before = State;
        var decided = DownloadLedger.Handle(command, before);
        if (decided.Events.Count == 0 && Equals(decided.State, before))
        {
            return decided;
        }

        var plan = new Plan();
        foreach (var minted in decided.Events.OfType<DownloadMinted>())
        {
            var entry = new DownloadRecord(Key, minted.OrderId, minted.EntitlementId, minted.ClientAddress, minted.DownloadsUsed, minted.DownloadsLeft, minted.At);
            plan.Append(OperationsStreams.Downloads, JsonSerializer.Serialize(entry, OperationsJson.Default.DownloadRecord), minted.At);
        }

        await CommitAsync(decided.State, plan);
        return decided;
    }

    private static EntitlementChange Change(string entitlementId, CustomerTurn turn)
    {
        var entitlement = turn.State.Find(entitlementId);
        if (entitlement is null)
        {
            return new EntitlementChange(false, "unknown_entitlement", "No entitlement of this customer has that id.", null);
        }

        return turn.Events.OfType<LedgerChangeRefused>().FirstOrDefault() is { } refused
            ? new EntitlementChange(false, "change_refused", refused.Reason, View(entitlement))
            : new EntitlementChange(true, null, null, View(entitlement));
    }

    private static EntitlementView View(Entitlement e) =>
        new(e.EntitlementId, e.OrderId, e.ProductSku, e.ProductName, e.Allowed, e.Used, e.Revoked, e.GrantedAt);
}
