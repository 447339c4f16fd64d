// Shared by every decider in this project; see EquatableArray.cs for why it lives here.
namespace Orleans.Delivery.Grains;

/// <summary>
/// A command that cannot happen in the current state (a result for an effect never planned, a payment for an order
/// that was never created). Duplicates and late arrivals are not this: deciders answer them with no events, and
/// business refusals are events. The turn is abandoned, so nothing changes.
/// </summary>
public sealed class InvalidTransitionException(string command, string state, string reason)
    : InvalidOperationException($"{command} is not possible in state {state}: {reason}")
{
    /// <summary>The command's type name, e.g. <c>ConfirmPayment</c>.</summary>
    public string Command { get; } = command;

    /// <summary>The grain's status when the command arrived, e.g. <c>None</c>.</summary>
    public string State { get; } = state;

    public string Reason { get; } = reason;
}
