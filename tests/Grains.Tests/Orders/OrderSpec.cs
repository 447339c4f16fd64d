using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>
/// Given (past events, or earlier commands run through the decider) / When (one command) / Then (the turn's
/// events, effects, reminders and state, compared as whole records).
/// </summary>
internal sealed class OrderSpec
{
    private readonly OrderPolicy policy;

    private OrderSpec(OrderState state, OrderPolicy policy)
    {
        State = state;
        this.policy = policy;
    }

    public OrderState State { get; private set; }

    public static OrderSpec Given(params OrderEvent[] history) => new OrderSpec(OrderState.Initial, OrderPolicy.Default).And(history);

    public static OrderSpec GivenCommands(params OrderCommand[] commands) => Given().After(commands);

    public OrderSpec WithPolicy(OrderPolicy other) => new(State, other);

    public OrderSpec And(params OrderEvent[] more)
    {
        State = more.Aggregate(State, (s, e) => s.Evolve(e));
        return this;
    }

    /// <summary>Brings the order to a state by running commands, as the grain would.</summary>
    public OrderSpec After(params OrderCommand[] commands)
    {
        foreach (var command in commands)
        {
            State = OrderDecider.Handle(command, State, policy).State;
        }

        return this;
    }

    public OrderTurn When(OrderCommand command)
    {
        var turn = OrderDecider.Handle(command, State, policy);

        // Decide and Handle must agree, and Evolve must be deterministic.
        Assert.Equal(OrderDecider.Decide(command, State, policy), turn.Events.ToArray());
        Assert.Equal(turn.Events.Aggregate(State, (s, e) => s.Evolve(e)), turn.State);
        return turn;
    }

    /// <summary>The command is a duplicate or a late arrival: no events, no effects, no reminder change, same state.</summary>
    public void ThenNoOp(OrderCommand command)
    {
        var turn = When(command);
        Assert.Empty(turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Empty(turn.Reminders);
        Assert.Equal(State, turn.State);
    }

    public InvalidTransitionException ThenInvalid(OrderCommand command) =>
        Assert.Throws<InvalidTransitionException>(() => OrderDecider.Handle(command, State, policy));
}
