using System.Text.Json.Serialization.Metadata;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Runtime;

namespace Orleans.Delivery.Grains.Customers;

/// <summary>
/// The customer's shell on the engine: runs <see cref="DownloadLedger"/> in a turn. The turn holds the customer's row
/// lock, so the count a mint checks is the count it writes, across every silo and gateway.
/// </summary>
public sealed class CustomerGrain : Grain<CustomerState, CustomerCommand>
{
    public const string Type = "customer";

    public override string TypeName => Type;

    protected override JsonTypeInfo<CustomerState> StateType => CustomersJsonContext.Default.CustomerState;

    protected override JsonTypeInfo<CustomerCommand> MessageType => CustomersJsonContext.Default.CustomerCommand;

    protected override CustomerState CreateInitial(string key) => CustomerState.Initial;

    protected override object? Handle(TurnContext<CustomerState> turn, CustomerCommand message)
    {
        var decided = DownloadLedger.Handle(message with { Now = turn.Now }, turn.State);
        turn.State = decided.State;
        foreach (var minted in decided.Events.OfType<DownloadMinted>())
        {
            turn.Log(
                OperationsStreams.Downloads,
                new DownloadRecord(turn.Key, minted.OrderId, minted.EntitlementId, minted.ClientAddress, minted.DownloadsUsed, minted.DownloadsLeft, minted.At),
                OperationsJson.Default.DownloadRecord);
        }

        return decided;
    }
}

internal sealed class CustomerGrainReference(GrainClient client, string key) : ICustomerGrain
{
    private GrainId Id => new(CustomerGrain.Type, key);

    private DateTimeOffset Now => client.Time.GetUtcNow();

    public string Key => key;

    public async Task<CustomerView> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await client.ReadAsync<CustomerState>(Id, cancellationToken);
        return new CustomerView(key, state.Email.Length == 0 ? null : state.Email, state.Entitlements.Select(View).ToList());
    }

    public async Task<DownloadGrant> ConsumeDownloadAsync(string entitlementId, string? clientAddress, CancellationToken cancellationToken = default)
    {
        var turn = await CallAsync(new Mint(entitlementId, clientAddress ?? "unknown", Now), cancellationToken);
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
            _ => throw new InvalidOperationException("A mint turn always answers minted or refused."),
        };
    }

    public async Task<EntitlementChange> SetDownloadLimitAsync(string entitlementId, int? allowed, string operatorName, CancellationToken cancellationToken = default) =>
        Change(entitlementId, await CallAsync(new RaiseLimit(entitlementId, allowed, operatorName, Now), cancellationToken));

    public async Task<EntitlementChange> ResetDownloadsAsync(string entitlementId, string operatorName, CancellationToken cancellationToken = default) =>
        Change(entitlementId, await CallAsync(new ResetUsage(entitlementId, operatorName, Now), cancellationToken));

    private Task<CustomerTurn> CallAsync(CustomerCommand command, CancellationToken cancellationToken) =>
        client.CallAsync<CustomerTurn>(Id, command, cancellationToken);

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
