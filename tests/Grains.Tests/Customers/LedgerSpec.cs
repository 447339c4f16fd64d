using Orleans.Delivery.Grains.Customers;

namespace Orleans.Delivery.Grains.Tests.Customers;

/// <summary>Given (past events or earlier commands) / When (one command) / Then, for the download ledger.</summary>
internal sealed class LedgerSpec
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private LedgerSpec(CustomerState state) => State = state;

    public CustomerState State { get; private set; }

    public static LedgerSpec Given(params CustomerEvent[] history) => new(history.Aggregate(CustomerState.Initial, (s, e) => s.Evolve(e)));

    public static LedgerSpec GivenCommands(params CustomerCommand[] commands) => Given().After(commands);

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    public static Grant Grant(string orderId = "order-1", string sku = "ebook", int? allowed = 3, double minutes = 0) =>
        new("cust-1", "ada@example.com", orderId, sku, "Ebook", allowed, At(minutes));

    public static EntitlementGranted Granted(string orderId = "order-1", string sku = "ebook", int? allowed = 3, double minutes = 0) =>
        new("cust-1", "ada@example.com", $"{orderId}:{sku}", orderId, sku, "Ebook", allowed, At(minutes));

    public LedgerSpec After(params CustomerCommand[] commands)
    {
        foreach (var command in commands)
        {
            State = DownloadLedger.Handle(command, State).State;
        }

        return this;
    }

    public CustomerTurn When(CustomerCommand command)
    {
        var turn = DownloadLedger.Handle(command, State);
        Assert.Equal(DownloadLedger.Decide(command, State), turn.Events.ToArray());
        Assert.Equal(turn.Events.Aggregate(State, (s, e) => s.Evolve(e)), turn.State);
        return turn;
    }

    public void ThenNoOp(CustomerCommand command)
    {
        var turn = When(command);
        Assert.Empty(turn.Events);
        Assert.Null(turn.Mint);
        Assert.Equal(State, turn.State);
    }
}
