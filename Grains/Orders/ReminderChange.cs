using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>A change to the order's reminders; the shell maps these onto engine reminders.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(WakeAt), "wake-at")]
[JsonDerivedType(typeof(CancelWake), "cancel-wake")]
public abstract record ReminderChange
{
    public abstract string Name { get; init; }
}

/// <summary>Set (or move) the named reminder; when it fires the shell sends <see cref="Wake"/> with this name.</summary>
public sealed record WakeAt(string Name, DateTimeOffset DueAt) : ReminderChange;

/// <summary>The named reminder is no longer wanted (also sent after it fired and was handled).</summary>
public sealed record CancelWake(string Name) : ReminderChange;
