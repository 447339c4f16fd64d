namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// What the shell gets from one command: the state to store, the events to record, the effects to put in the outbox
/// and the reminder changes, all to be written in the same transaction.
/// </summary>
public sealed record OrderTurn(
    OrderState State,
    EquatableArray<OrderEvent> Events,
    EquatableArray<OrderEffect> Effects,
    EquatableArray<ReminderChange> Reminders);
