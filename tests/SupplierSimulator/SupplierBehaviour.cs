using System.Globalization;

namespace Orleans.Delivery.SupplierSimulator;

/// <summary>
/// A scripted way for the simulated supplier to answer, per SKU or per reference. Build one with the factory
/// members, or parse the configuration syntax with <see cref="Parse"/>.
/// </summary>
public sealed record SupplierBehaviour
{
    /// <summary>An error-500 count meaning "every time".</summary>
    public const int Always = int.MaxValue;

    /// <summary>What kind of answer.</summary>
    public required SupplierBehaviourKind Kind { get; init; }

    /// <summary>Slow: how long before answering. Pending-then-webhook: how long before the webhook is sent.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Error-500: how many requests fail before it behaves as completed (<see cref="Always"/>: never).
    /// Pending-then-completed-on-poll: the poll (1-based) from which the order reads completed.</summary>
    public int Count { get; init; }

    /// <summary>Pending-then-webhook: hold the webhooks until the test calls <c>ReleaseWebhooksAsync</c>.</summary>
    public bool WebhookOnRelease { get; init; }

    /// <summary>Pending-then-webhook: send the completed event twice (same event id), as a retrying supplier does.</summary>
    public bool DuplicateWebhook { get; init; }

    /// <summary>Pending-then-webhook: after the completed event, send a stale pending event (new event id, older
    /// <c>occurred_at</c>), as a supplier delivering out of order does.</summary>
    public bool StaleWebhookAfter { get; init; }

    /// <summary>Error-500: whether the order is created before the 500 goes out.</summary>
    public bool OrderCreatedOnError { get; init; }

    /// <summary>Failed: the <c>error</c> the supplier answers with.</summary>
    public string FailureReason { get; init; } = "out_of_stock";

    /// <summary>Answers completed with codes and PINs.</summary>
    public static SupplierBehaviour Completed { get; } = new() { Kind = SupplierBehaviourKind.Completed };

    /// <summary>Answers pending and never changes.</summary>
    public static SupplierBehaviour PendingForever { get; } = new() { Kind = SupplierBehaviourKind.PendingForever };

    /// <summary>Answers completed with empty codes.</summary>
    public static SupplierBehaviour EmptyCode { get; } = new() { Kind = SupplierBehaviourKind.EmptyCode };

    /// <summary>Answers completed without PINs.</summary>
    public static SupplierBehaviour MissingPin { get; } = new() { Kind = SupplierBehaviourKind.MissingPin };

    /// <summary>Creates the order and answers with truncated JSON.</summary>
    public static SupplierBehaviour MalformedJson { get; } = new() { Kind = SupplierBehaviourKind.MalformedJson };

    /// <summary>Creates the order, then aborts the connection without answering.</summary>
    public static SupplierBehaviour CreatedAnswerLost { get; } = new() { Kind = SupplierBehaviourKind.CreatedAnswerLost };

    /// <summary>Creates and completes the order, answers the POST with an HTML page; lookups answer normally.</summary>
    public static SupplierBehaviour UnreadableAnswer { get; } = new() { Kind = SupplierBehaviourKind.UnreadableAnswer };

    /// <summary>Answers completed with a delivery confirmation instead of a code in each item.</summary>
    public static SupplierBehaviour TopUp { get; } = new() { Kind = SupplierBehaviourKind.TopUp };

    /// <summary>Answers pending, then sends the completed webhook after <paramref name="delay"/>.</summary>
    public static SupplierBehaviour PendingThenWebhook(TimeSpan delay = default, bool duplicate = false, bool staleAfter = false) =>
        new() { Kind = SupplierBehaviourKind.PendingThenWebhook, Delay = delay, DuplicateWebhook = duplicate, StaleWebhookAfter = staleAfter };

    /// <summary>Answers pending, and holds the completed webhook until <c>ReleaseWebhooksAsync</c>.</summary>
    public static SupplierBehaviour PendingThenWebhookOnRelease(bool duplicate = false, bool staleAfter = false) =>
        new() { Kind = SupplierBehaviourKind.PendingThenWebhook, WebhookOnRelease = true, DuplicateWebhook = duplicate, StaleWebhookAfter = staleAfter };

    /// <summary>Answers pending; <c>GET /orders/{id}</c> reads completed from poll <paramref name="completesOnPoll"/> on.</summary>
    public static SupplierBehaviour PendingThenCompletedOnPoll(int completesOnPoll) =>
        new() { Kind = SupplierBehaviourKind.PendingThenCompletedOnPoll, Count = Math.Max(1, completesOnPoll) };

    /// <summary>Answers failed with <paramref name="reason"/>.</summary>
    public static SupplierBehaviour Failed(string reason = "out_of_stock") =>
        new() { Kind = SupplierBehaviourKind.Failed, FailureReason = reason };

    /// <summary>Answers 500 to the first <paramref name="times"/> requests touching the SKU or reference (POSTs and
    /// lookups alike), then behaves as completed.</summary>
    public static SupplierBehaviour Error500(int times, bool orderCreated = false) =>
        new() { Kind = SupplierBehaviourKind.Error500, Count = times, OrderCreatedOnError = orderCreated };

    /// <summary>Answers 500 to every request touching the SKU or reference.</summary>
    public static SupplierBehaviour Error500Always(bool orderCreated = false) => Error500(Always, orderCreated);

    /// <summary>Creates the order, then answers only after <paramref name="delay"/>.</summary>
    public static SupplierBehaviour Slow(TimeSpan delay) => new() { Kind = SupplierBehaviourKind.Slow, Delay = delay };

    /// <summary>
    /// Parses <c>name[:arg,arg…]</c>: <c>completed</c>, <c>pending-forever</c>, <c>empty-code</c>,
    /// <c>missing-pin</c>, <c>malformed-json</c>, <c>created-answer-lost</c>, <c>unreadable-answer</c>, <c>top-up</c>,
    /// <c>failed[:reason]</c>,
    /// <c>slow[:ms]</c> (default 30000), <c>error-500[:n][,created]</c> (no n: always),
    /// <c>pending-then-completed-on-poll[:n]</c> (default 2),
    /// <c>pending-then-webhook[:ms][,release][,duplicate][,stale]</c> (default 1000 ms).
    /// </summary>
    public static SupplierBehaviour Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var args = colon < 0 ? [] : text[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        int? number = args.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null).FirstOrDefault(n => n is not null);
        bool Flag(string flag) => args.Contains(flag, StringComparer.OrdinalIgnoreCase);

        return name switch
        {
            "completed" => Completed,
            "pending-forever" => PendingForever,
            "empty-code" => EmptyCode,
            "missing-pin" => MissingPin,
            "malformed-json" => MalformedJson,
            "created-answer-lost" => CreatedAnswerLost,
            "unreadable-answer" => UnreadableAnswer,
            "top-up" => TopUp,
            "failed" => Failed(args.Length > 0 ? args[0] : "out_of_stock"),
            "slow" => Slow(TimeSpan.FromMilliseconds(number ?? 30_000)),
            "error-500" => Error500(number ?? Always, Flag("created")),
            "pending-then-completed-on-poll" => PendingThenCompletedOnPoll(number ?? 2),
            "pending-then-webhook" => Flag("release")
                ? PendingThenWebhookOnRelease(Flag("duplicate"), Flag("stale"))
                : PendingThenWebhook(TimeSpan.FromMilliseconds(number ?? 1000), Flag("duplicate"), Flag("stale")),
            _ => throw new FormatException($"Unknown supplier behaviour '{name}'."),
        };
    }
}
