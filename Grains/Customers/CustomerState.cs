namespace Orleans.Delivery.Grains.Customers;

/// <summary>A customer's digital products, every download link handed out, and the licenses merchants delivered.</summary>
public sealed record CustomerState(
    string CustomerId,
    string Email,
    EquatableArray<Entitlement> Entitlements,
    EquatableArray<MintRecord> Mints,
    EquatableArray<AccountLicense> Licenses = default)
{
    public static CustomerState Initial { get; } = new("", "", [], []);

    public Entitlement? Find(string entitlementId) => Entitlements.FirstOrDefault(e => e.EntitlementId == entitlementId);

    /// <summary>What the customer's account page lists: products not revoked, with downloads left.</summary>
    public EquatableArray<Entitlement> Downloads() => Entitlements.Where(e => !e.Revoked).ToEquatableArray();

    public CustomerState Evolve(CustomerEvent @event) => @event switch
    {
        EntitlementGranted e => this with
        {
            CustomerId = e.CustomerId,
            Email = string.IsNullOrWhiteSpace(e.Email) ? Email : e.Email,
            Entitlements = Entitlements.Add(new Entitlement(e.EntitlementId, e.OrderId, e.ProductSku, e.ProductName, e.Allowed, 0, e.At)),
        },
        DownloadMinted e => this with
        {
            Entitlements = Entitlements.Update(x => x.EntitlementId == e.EntitlementId, x => x with { Used = e.DownloadsUsed }),
            Mints = Mints.Add(new MintRecord(e.At, e.OrderId, e.EntitlementId, e.ClientAddress)),
        },
        DownloadRefused or LedgerChangeRefused => this,
        LicenseKept e => this with
        {
            CustomerId = e.CustomerId,
            Email = string.IsNullOrWhiteSpace(e.Email) ? Email : e.Email,
            Licenses = Licenses.Add(e.License),
        },
        LicensesWithdrawn e => this with { Licenses = Licenses.Update(l => l.OrderId == e.OrderId, l => l with { Withdrawn = true }) },
        EntitlementsRevoked e => this with
        {
            Entitlements = Entitlements.Update(x => e.EntitlementIds.Contains(x.EntitlementId), x => x with { Revoked = true, RevokedAt = e.At }),
        },
        LimitRaised e => this with { Entitlements = Entitlements.Update(x => x.EntitlementId == e.EntitlementId, x => x with { Allowed = e.Allowed }) },
        UsageReset e => this with { Entitlements = Entitlements.Update(x => x.EntitlementId == e.EntitlementId, x => x with { Used = 0 }) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "unknown customer event"),
    };
}
