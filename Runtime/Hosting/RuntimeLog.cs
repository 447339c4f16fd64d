using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.Runtime;

/// <summary>The engine's log messages; event ids 1000–1099.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(1000, LogLevel.Information, "Silo {SiloId} started")]
    public static partial void SiloStarted(ILogger logger, string siloId);

    [LoggerMessage(1001, LogLevel.Error, "Silo {SiloId} round failed; retrying after the poll interval")]
    public static partial void RoundFailed(ILogger logger, Exception exception, string siloId);

    [LoggerMessage(1002, LogLevel.Warning, "Reminder {Name} of {Grain} failed; it fires again after its lease")]
    public static partial void ReminderFailed(ILogger logger, Exception exception, string name, GrainId grain);

    [LoggerMessage(1003, LogLevel.Warning, "Outbox row {OutboxId} ({Name} of {Grain}) failed attempt {Attempt}: {Reason}")]
    public static partial void OutboxAttemptFailed(ILogger logger, long outboxId, string name, GrainId grain, int attempt, string reason);

    [LoggerMessage(1004, LogLevel.Error, "Outbox row {OutboxId} ({Name} of {Grain}) dead-lettered after {Attempt} attempts: {Reason}")]
    public static partial void OutboxDeadLettered(ILogger logger, long outboxId, string name, GrainId grain, int attempt, string reason);

    [LoggerMessage(1005, LogLevel.Information, "Outbox row {OutboxId} ({Name} of {Grain}) was taken over by another silo; this silo's result is dropped")]
    public static partial void LeaseLost(ILogger logger, long outboxId, string name, GrainId grain);

    [LoggerMessage(1006, LogLevel.Warning, "PostgreSQL wake-up listener lost its connection; polling continues")]
    public static partial void ListenerLost(ILogger logger, Exception exception);

    [LoggerMessage(1007, LogLevel.Information, "Schema migrated on {Store}")]
    public static partial void Migrated(ILogger logger, string store);

    // Debug: one line per tick is too much for production, but it tells which silo did which work.
    [LoggerMessage(1008, LogLevel.Debug, "Silo {SiloId} fired reminder {Name} of {Grain}")]
    public static partial void ReminderFired(ILogger logger, string siloId, string name, GrainId grain);
}
