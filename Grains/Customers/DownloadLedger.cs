namespace Orleans.Delivery.Grains.Customers;

/// <summary>
/// The download-limit ledger, pure. The grain runs each command in a turn that holds the customer's row lock, so a
/// count checked here is the count written: limits hold under any concurrency.
/// </summary>
public static class DownloadLedger
{
    public static CustomerTurn Handle(CustomerCommand command, CustomerState state)
    {
        var events = Decide(command, state);
        var next = events.Aggregate(state, (s, e) => s.Evolve(e));
        MintOutcome? outcome = events.SingleOrDefault(e => e is DownloadMinted or DownloadRefused) switch
        {
            DownloadMinted m => new MintOutcome.Minted(next.Find(m.EntitlementId)!, m.DownloadsUsed, m.DownloadsLeft),
            DownloadRefused r => new MintOutcome.Refused(r.Reason),
            _ => null,
        };
        return new CustomerTurn(next, events, outcome);
    }

    /// <summary>Downloads end and licenses leave the account; nothing when nothing of the order is left to withdraw.</summary>
    private static CustomerEvent[] Revocation(Revoke c, CustomerState state)
    {
        var events = new List<CustomerEvent>();
        var ids = state.Entitlements.Where(e => e.OrderId == c.OrderId && !e.Revoked).Select(e => e.EntitlementId).ToEquatableArray();
        if (!ids.IsEmpty)
        {
            events.Add(new EntitlementsRevoked(c.OrderId, ids, c.Now));
        }

        if (state.Licenses.Any(l => l.OrderId == c.OrderId && !l.Withdrawn))
        {
            events.Add(new LicensesWithdrawn(c.OrderId, c.Now));
        }

        return [.. events];
    }

    public static CustomerEvent[] Decide(CustomerCommand command, CustomerState state) => command switch
    {
        Grant c when state.CustomerId.Length > 0 && c.CustomerId != state.CustomerId =>
            throw new InvalidTransitionException(nameof(Grant), state.CustomerId, $"the grant is for customer {c.CustomerId}"),
        Grant c when state.Find(EntitlementIds.For(c.OrderId, c.ProductSku)) is not null => [],   // redelivered grant
        Grant c => [new EntitlementGranted(
            c.CustomerId, c.Email, EntitlementIds.For(c.OrderId, c.ProductSku), c.OrderId, c.ProductSku, c.ProductName, c.Allowed, c.Now)],

        Mint c => state.Find(c.EntitlementId) switch
        {
            null => [new DownloadRefused(c.EntitlementId, c.ClientAddress, MintRefusal.UnknownEntitlement, c.Now)],
            { Revoked: true } => [new DownloadRefused(c.EntitlementId, c.ClientAddress, MintRefusal.Revoked, c.Now)],
            { DownloadsLeft: 0 } => [new DownloadRefused(c.EntitlementId, c.ClientAddress, MintRefusal.LimitReached, c.Now)],
            var e => [new DownloadMinted(
                e.EntitlementId, e.OrderId, c.ClientAddress, e.Used + 1, e.Allowed is { } allowed ? allowed - e.Used - 1 : null, c.Now)],
        },

        KeepLicense c when state.CustomerId.Length > 0 && c.CustomerId != state.CustomerId =>
            throw new InvalidTransitionException(nameof(KeepLicense), state.CustomerId, $"the license is for customer {c.CustomerId}"),
        KeepLicense c when state.Licenses.Any(l => l.OrderId == c.OrderId && l.LineNo == c.LineNo) => [],   // redelivered
        KeepLicense c => [new LicenseKept(
            c.CustomerId, c.Email, new AccountLicense(c.OrderId, c.LineNo, c.ProductSku, c.ProductName, c.Instructions, c.Texts, c.Now), c.Now)],

        Revoke c => Revocation(c, state),

        RaiseLimit c => state.Find(c.EntitlementId) switch
        {
            null => [Refused(c.EntitlementId, "unknown entitlement", c.RequestedBy, c.Now)],
            { Revoked: true } => [Refused(c.EntitlementId, "the entitlement is revoked", c.RequestedBy, c.Now)],
            { Allowed: var current } when current == c.NewAllowed => [],
            _ when c.NewAllowed is < 1 => [Refused(c.EntitlementId, "a limit must be at least 1 (or unlimited)", c.RequestedBy, c.Now)],
            { Allowed: null } => [Refused(c.EntitlementId, "the entitlement is already unlimited", c.RequestedBy, c.Now)],
            { Allowed: var current } when c.NewAllowed < current =>
                [Refused(c.EntitlementId, $"the limit is {current}; it can only be raised", c.RequestedBy, c.Now)],
            _ => [new LimitRaised(c.EntitlementId, c.NewAllowed, c.RequestedBy, c.Now)],
        },

        ResetUsage c => state.Find(c.EntitlementId) switch
        {
            null => [Refused(c.EntitlementId, "unknown entitlement", c.RequestedBy, c.Now)],
            { Revoked: true } => [Refused(c.EntitlementId, "the entitlement is revoked", c.RequestedBy, c.Now)],
            { Used: 0 } => [],
            _ => [new UsageReset(c.EntitlementId, c.RequestedBy, c.Now)],
        },

        _ => throw new InvalidTransitionException(command.GetType().Name, state.CustomerId, "unknown command"),
    };

    private static LedgerChangeRefused Refused(string entitlementId, string reason, string requestedBy, DateTimeOffset now) =>
        new(entitlementId, reason, requestedBy, now);
}
