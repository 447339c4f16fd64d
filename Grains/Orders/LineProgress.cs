namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// How far one line has got. <see cref="Attempts"/> counts failure-spending attempts since the last operator reset;
/// <see cref="Postponements"/> counts calls in a row that never reached the supplier (they spend no attempt);
/// <see cref="Calls"/> and <see cref="Polls"/> only grow, so every call gets a step name of its own.
/// For license lines <see cref="Codes"/> holds the license text as its single item. <see cref="DeliveredAt"/> is when
/// the line was fulfilled; <see cref="ReachedAt"/> when the buyer got it (its email accepted by the mail server, or
/// its codes shown on the order page).
/// </summary>
public sealed record LineProgress(
    int LineNo,
    LineStatus Status,
    int Attempts = 0,
    int Calls = 0,
    int Polls = 0,
    bool MayHaveBeenCreated = false,
    string? SupplierOrderId = null,
    DateTimeOffset? PendingDeadline = null,
    PendingCall? Outstanding = null,
    EquatableArray<CodeItem> Codes = default,
    bool DeliveredManually = false,
    DateTimeOffset? DeliveredAt = null,
    string? EntitlementId = null,
    DateTimeOffset? ReachedAt = null,
    int Postponements = 0);
