using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.Grains.Effects;

internal static partial class EffectLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Waking grain {Grain} failed; its reminder wakes it again")]
    public static partial void TickFailed(ILogger logger, Exception exception, string grain);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Effect {Step} of {Grain} failed outside its handler")]
    public static partial void DispatchFailed(ILogger logger, Exception exception, string grain, string step);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Recording effect {Step} of {Grain} failed (try {Try}); recording again")]
    public static partial void ReportRetried(ILogger logger, Exception exception, string grain, string step, int @try);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Effect {Step} of {Grain}, dispatch {Attempt}: claim refused, nothing called")]
    public static partial void ClaimRefused(ILogger logger, string grain, string step, int attempt);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Effect {Step} of {Grain}, dispatch {Attempt}: claim failed, nothing called")]
    public static partial void ClaimFailed(ILogger logger, Exception exception, string grain, string step, int attempt);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Effect {Step} of {Grain} failed attempt {Attempt}: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, string grain, string step, int attempt, string reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "Effect {Step} of {Grain} gave up after {Attempts} attempts: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string grain, string step, int attempts, string reason);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Grain {Grain} woke for {Wake}")]
    public static partial void Woke(ILogger logger, string grain, string wake);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "The silo stopped with {Count} effect dispatches unfinished; they are cancelled and their grains hand them out again")]
    public static partial void StoppedUnfinished(ILogger logger, int count);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Grain {Grain} could not record its finished log entries on deactivation; they are written again, as the same rows, when it next activates")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string grain);
}
