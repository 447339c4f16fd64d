using System.Text.Json;
using Orleans.Delivery.Grains.Customers;
using static Orleans.Delivery.Grains.Tests.Customers.LedgerSpec;

namespace Orleans.Delivery.Grains.Tests.Customers;

public sealed class DownloadLedgerSpecs
{
    private const string Ebook = "order-1:ebook";

    [Fact]
    public void Grant_New_AddsAnEntitlementWithItsDerivedId()
    {
        var turn = LedgerSpec.Given().When(Grant());

        Assert.Equal<CustomerEvent>([Granted()], turn.Events);
        Assert.Equal(
            new CustomerState("cust-1", "ada@example.com", [new Entitlement(Ebook, "order-1", "ebook", "Ebook", 3, 0, T0)], []),
            turn.State);
        Assert.Equal(EntitlementIds.For("order-1", "ebook"), turn.State.Entitlements[0].EntitlementId);
        Assert.Null(turn.Mint);
    }

    [Fact]
    public void Grant_Redelivered_IsNoOp() => LedgerSpec.Given(Granted()).ThenNoOp(Grant(minutes: 5));

    [Fact]
    public void Grant_AfterRevoke_DoesNotRestoreIt() =>
        LedgerSpec.GivenCommands(Grant(), new Revoke("order-1", At(1))).ThenNoOp(Grant(minutes: 2));

    [Fact]
    public void Grant_ForAnotherCustomer_IsInvalid() =>
        Assert.Throws<InvalidTransitionException>(() => DownloadLedger.Handle(Grant() with { CustomerId = "cust-2" }, LedgerSpec.Given(Granted()).State));

    [Fact]
    public void Grant_SecondProduct_AddsASecondEntitlement()
    {
        var turn = LedgerSpec.Given(Granted()).When(Grant("order-2", "album", null, 3));

        Assert.Equal(["order-1:ebook", "order-2:album"], turn.State.Entitlements.Select(e => e.EntitlementId));
    }

    [Fact]
    public void Mint_LimitThree_MintsThreeTimesThenRefuses()
    {
        var spec = LedgerSpec.Given(Granted(allowed: 3));
        var outcomes = new List<MintOutcome>();
        for (var i = 1; i <= 5; i++)
        {
            var turn = spec.When(new Mint(Ebook, "203.0.113.7", At(i)));
            outcomes.Add(turn.Mint!);
            spec.After(new Mint(Ebook, "203.0.113.7", At(i)));
        }

        Assert.Equal(
            [
                new MintOutcome.Minted(new Entitlement(Ebook, "order-1", "ebook", "Ebook", 3, 1, T0), 1, 2),
                new MintOutcome.Minted(new Entitlement(Ebook, "order-1", "ebook", "Ebook", 3, 2, T0), 2, 1),
                new MintOutcome.Minted(new Entitlement(Ebook, "order-1", "ebook", "Ebook", 3, 3, T0), 3, 0),
                new MintOutcome.Refused(MintRefusal.LimitReached),
                new MintOutcome.Refused(MintRefusal.LimitReached),
            ],
            outcomes);
        Assert.Equal(3, spec.State.Mints.Count);
        Assert.Equal(0, spec.State.Entitlements[0].DownloadsLeft);
        Assert.False(spec.State.Entitlements[0].CanDownload);
    }

    [Fact]
    public void Mint_Granted_RecordsTimeOrderEntitlementAndAddress()
    {
        var turn = LedgerSpec.Given(Granted()).When(new Mint(Ebook, "198.51.100.4", At(7)));

        Assert.Equal<CustomerEvent>([new DownloadMinted(Ebook, "order-1", "198.51.100.4", 1, 2, At(7))], turn.Events);
        Assert.Equal<MintRecord>([new MintRecord(At(7), "order-1", Ebook, "198.51.100.4")], turn.State.Mints);
    }

    [Fact]
    public void Mint_AtLimit_IsRefusedAndNotRecorded()
    {
        var spec = LedgerSpec.GivenCommands(Grant(allowed: 1), new Mint(Ebook, "a", At(1)));

        var turn = spec.When(new Mint(Ebook, "b", At(2)));

        Assert.Equal<CustomerEvent>([new DownloadRefused(Ebook, "b", MintRefusal.LimitReached, At(2))], turn.Events);
        Assert.Equal(spec.State, turn.State);
    }

    [Fact]
    public void Mint_Unlimited_AlwaysMints()
    {
        var spec = LedgerSpec.Given(Granted(allowed: null));
        for (var i = 0; i < 50; i++)
        {
            spec.After(new Mint(Ebook, "a", At(i)));
        }

        var turn = spec.When(new Mint(Ebook, "a", At(60)));

        Assert.Equal(new MintOutcome.Minted(new Entitlement(Ebook, "order-1", "ebook", "Ebook", null, 51, T0), 51, null), turn.Mint);
        Assert.Null(turn.State.Entitlements[0].DownloadsLeft);
    }

    [Fact]
    public void Mint_Revoked_IsRefused()
    {
        var turn = LedgerSpec.GivenCommands(Grant(), new Revoke("order-1", At(1))).When(new Mint(Ebook, "a", At(2)));

        Assert.Equal(new MintOutcome.Refused(MintRefusal.Revoked), turn.Mint);
    }

    [Fact]
    public void Mint_UnknownEntitlement_IsRefused()
    {
        var turn = LedgerSpec.Given().When(new Mint("order-9:nothing", "a", At(2)));

        Assert.Equal<CustomerEvent>([new DownloadRefused("order-9:nothing", "a", MintRefusal.UnknownEntitlement, At(2))], turn.Events);
        Assert.Equal(new MintOutcome.Refused(MintRefusal.UnknownEntitlement), turn.Mint);
    }

    [Fact]
    public void Revoke_Order_RevokesOnlyThatOrdersEntitlements()
    {
        var spec = LedgerSpec.Given(Granted(), Granted(sku: "audio"), Granted("order-2", "album"));

        var turn = spec.When(new Revoke("order-1", At(5)));

        Assert.Equal<CustomerEvent>([new EntitlementsRevoked("order-1", ["order-1:ebook", "order-1:audio"], At(5))], turn.Events);
        Assert.Equal(["order-2:album"], turn.State.Downloads().Select(e => e.EntitlementId));
        Assert.Equal(At(5), turn.State.Find(Ebook)!.RevokedAt);
    }

    [Fact]
    public void Revoke_Again_IsNoOp() => LedgerSpec.GivenCommands(Grant(), new Revoke("order-1", At(1))).ThenNoOp(new Revoke("order-1", At(2)));

    [Fact]
    public void Revoke_UnknownOrder_IsNoOp() => LedgerSpec.Given(Granted()).ThenNoOp(new Revoke("order-7", At(2)));

    [Fact]
    public void RaiseLimit_AtLimit_AllowsMoreDownloads()
    {
        var spec = LedgerSpec.GivenCommands(Grant(allowed: 1), new Mint(Ebook, "a", At(1)));

        var turn = spec.When(new RaiseLimit(Ebook, 3, "op", At(2)));

        Assert.Equal<CustomerEvent>([new LimitRaised(Ebook, 3, "op", At(2))], turn.Events);
        Assert.Equal(2, turn.State.Entitlements[0].DownloadsLeft);
        Assert.IsType<MintOutcome.Minted>(spec.After(new RaiseLimit(Ebook, 3, "op", At(2))).When(new Mint(Ebook, "a", At(3))).Mint);
    }

    [Fact]
    public void RaiseLimit_ToUnlimited_IsRaised()
    {
        var turn = LedgerSpec.Given(Granted()).When(new RaiseLimit(Ebook, null, "op", At(2)));

        Assert.Equal<CustomerEvent>([new LimitRaised(Ebook, null, "op", At(2))], turn.Events);
        Assert.True(turn.State.Entitlements[0].CanDownload);
    }

    [Fact]
    public void RaiseLimit_SameValue_IsNoOp() => LedgerSpec.Given(Granted()).ThenNoOp(new RaiseLimit(Ebook, 3, "op", At(2)));

    [Theory]
    [InlineData(2, 3, "the limit is 3; it can only be raised")]
    [InlineData(0, 3, "a limit must be at least 1 (or unlimited)")]
    [InlineData(5, null, "the entitlement is already unlimited")]
    public void RaiseLimit_NotARaise_IsRefused(int newAllowed, int? current, string reason)
    {
        var turn = LedgerSpec.Given(Granted(allowed: current)).When(new RaiseLimit(Ebook, newAllowed, "op", At(2)));

        Assert.Equal<CustomerEvent>([new LedgerChangeRefused(Ebook, reason, "op", At(2))], turn.Events);
        Assert.Equal(current, turn.State.Entitlements[0].Allowed);
    }

    [Fact]
    public void RaiseLimit_Unknown_IsRefused() =>
        Assert.Equal<CustomerEvent>(
            [new LedgerChangeRefused("x", "unknown entitlement", "op", At(2))],
            LedgerSpec.Given().When(new RaiseLimit("x", 5, "op", At(2))).Events);

    [Fact]
    public void RaiseLimit_Revoked_IsRefused() =>
        Assert.Equal<CustomerEvent>(
            [new LedgerChangeRefused(Ebook, "the entitlement is revoked", "op", At(2))],
            LedgerSpec.GivenCommands(Grant(), new Revoke("order-1", At(1))).When(new RaiseLimit(Ebook, 5, "op", At(2))).Events);

    [Fact]
    public void ResetUsage_Used_StartsCountingAgain()
    {
        var spec = LedgerSpec.GivenCommands(Grant(allowed: 2), new Mint(Ebook, "a", At(1)), new Mint(Ebook, "a", At(2)));

        var turn = spec.When(new ResetUsage(Ebook, "op", At(3)));

        Assert.Equal<CustomerEvent>([new UsageReset(Ebook, "op", At(3))], turn.Events);
        Assert.Equal(2, turn.State.Entitlements[0].DownloadsLeft);
        Assert.Equal(2, turn.State.Mints.Count);   // the record of past downloads stays
    }

    [Fact]
    public void ResetUsage_NothingUsed_IsNoOp() => LedgerSpec.Given(Granted()).ThenNoOp(new ResetUsage(Ebook, "op", At(3)));

    [Fact]
    public void ResetUsage_Unknown_IsRefused() =>
        Assert.Equal<CustomerEvent>(
            [new LedgerChangeRefused("x", "unknown entitlement", "op", At(3))],
            LedgerSpec.Given().When(new ResetUsage("x", "op", At(3))).Events);

    [Fact]
    public void ResetUsage_Revoked_IsRefused() =>
        Assert.Equal<CustomerEvent>(
            [new LedgerChangeRefused(Ebook, "the entitlement is revoked", "op", At(3))],
            LedgerSpec.GivenCommands(Grant(), new Mint(Ebook, "a", At(1)), new Revoke("order-1", At(2))).When(new ResetUsage(Ebook, "op", At(3))).Events);

    [Fact]
    public void Downloads_ListsEntitlementsWithDownloadsLeft()
    {
        var state = LedgerSpec.GivenCommands(Grant(), Grant("order-2", "album", null), new Mint(Ebook, "a", At(1))).State;

        Assert.Equal([(Ebook, (int?)2), ("order-2:album", null)], state.Downloads().Select(e => (e.EntitlementId, e.DownloadsLeft)));
    }

    [Fact]
    public void CustomerState_WithHistory_RoundTripsAsJson()
    {
        var state = LedgerSpec.GivenCommands(
            Grant(), Grant("order-2", "album", null), new Mint(Ebook, "a", At(1)), new RaiseLimit(Ebook, 5, "op", At(2)),
            new Revoke("order-2", At(3))).State;

        var json = JsonSerializer.Serialize(state, CustomersJsonContext.Default.CustomerState);

        Assert.Equal(state, JsonSerializer.Deserialize(json, CustomersJsonContext.Default.CustomerState));
        Assert.DoesNotContain("downloadsLeft", json, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandsEventsAndOutcomes_RoundTripAsJson()
    {
        CustomerCommand[] commands = [Grant(), new Mint(Ebook, "a", At(1)), new Revoke("order-1", At(2)), new RaiseLimit(Ebook, 4, "op", At(3)), new ResetUsage(Ebook, "op", At(4))];
        var state = CustomerState.Initial;
        foreach (var command in commands)
        {
            var info = CustomersJsonContext.Default.CustomerCommand;
            Assert.Equal(command, JsonSerializer.Deserialize(JsonSerializer.Serialize(command, info), info));
            var turn = DownloadLedger.Handle(command, state);
            var turnInfo = CustomersJsonContext.Default.CustomerTurn;
            Assert.Equal(turn, JsonSerializer.Deserialize(JsonSerializer.Serialize(turn, turnInfo), turnInfo));
            state = turn.State;
        }

        Assert.Contains(
            "\"reason\":\"limit-reached\"",
            JsonSerializer.Serialize<MintOutcome>(new MintOutcome.Refused(MintRefusal.LimitReached), CustomersJsonContext.Default.MintOutcome),
            StringComparison.Ordinal);
    }
}
