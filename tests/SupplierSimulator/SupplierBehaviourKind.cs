namespace Orleans.Delivery.SupplierSimulator;

/// <summary>The ways the simulated supplier can answer an order. Names in configuration are kebab-case.</summary>
public enum SupplierBehaviourKind
{
    /// <summary><c>completed</c>: answers completed with codes and PINs.</summary>
    Completed,

    /// <summary><c>pending-then-webhook</c>: answers pending, later posts a signed completed webhook.</summary>
    PendingThenWebhook,

    /// <summary><c>pending-then-completed-on-poll</c>: answers pending; <c>GET /orders/{id}</c> answers completed
    /// from the Nth poll on; no webhook.</summary>
    PendingThenCompletedOnPoll,

    /// <summary><c>pending-forever</c>: answers pending and never changes.</summary>
    PendingForever,

    /// <summary><c>failed</c>: answers failed with a reason.</summary>
    Failed,

    /// <summary><c>empty-code</c>: answers completed with empty codes.</summary>
    EmptyCode,

    /// <summary><c>missing-pin</c>: answers completed with <c>"pin": null</c>.</summary>
    MissingPin,

    /// <summary><c>malformed-json</c>: creates the order, answers (and answers lookups of it) with truncated JSON.</summary>
    MalformedJson,

    /// <summary><c>error-500</c>: answers 500 the first N times (or always), then behaves as completed.</summary>
    Error500,

    /// <summary><c>slow</c>: creates the order, then answers only after a delay.</summary>
    Slow,

    /// <summary><c>created-answer-lost</c>: creates the order, then aborts the connection without answering.</summary>
    CreatedAnswerLost,

    /// <summary><c>unreadable-answer</c>: creates (and completes) the order, then answers the POST with 200 and an
    /// HTML page, as a proxy in front of the supplier might; lookups answer normally.</summary>
    UnreadableAnswer,

    /// <summary><c>top-up</c>: answers completed with items that carry a delivery confirmation and no code.</summary>
    TopUp,
}
