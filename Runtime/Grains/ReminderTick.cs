namespace Orleans.Delivery.Runtime;

/// <summary>A reminder fired.</summary>
/// <param name="Name">The reminder's name within its grain.</param>
/// <param name="DueAt">The tick's place on the schedule.</param>
/// <param name="Missed">How many earlier ticks were missed (all silos down) and folded into this one.</param>
/// <param name="Period">The period, or null for a one-shot reminder.</param>
public sealed record ReminderTick(string Name, DateTimeOffset DueAt, int Missed, TimeSpan? Period);
