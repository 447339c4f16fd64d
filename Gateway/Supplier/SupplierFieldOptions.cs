using System.ComponentModel.DataAnnotations;

namespace Orleans.Delivery.Gateway.Supplier;

/// <summary>
/// The names a code supplier gives the fields of its orders, in its answers to <c>POST /orders</c> and
/// <c>GET /orders…</c> and in its webhooks. Bound from the <c>Supplier:Fields</c> section by the silos (which call the
/// supplier) and the gateway (which receives its webhooks); validated at start-up. Every default is the name of the
/// supplier API format we implement: <c>{"order_id", "status", "items": [{"code", "pin", "instructions"}]}</c>, so
/// only a supplier that names things differently needs any of these set.
/// </summary>
/// <remarks>
/// Names are matched exactly (JSON is case-sensitive) and are those of fields directly on the order object, or
/// directly on an item object for the item fields. When the <see cref="OrderId"/> field is absent, a field named
/// <c>id</c> is read instead.
/// </remarks>
public sealed class SupplierFieldOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from: <c>Supplier:Fields</c>.</summary>
    public const string SectionName = "Supplier:Fields";

    /// <summary>The statuses orders are mapped to: <c>completed</c>, <c>pending</c> and <c>failed</c>.</summary>
    public static readonly IReadOnlyList<string> KnownStatuses = ["completed", "pending", "failed"];

    /// <summary>The supplier's id for the order. Default <c>order_id</c>.</summary>
    [Required]
    public string OrderId { get; set; } = "order_id";

    /// <summary>Our reference for the order, as we sent it. Default <c>reference</c>. Webhooks must carry it;
    /// answers may.</summary>
    [Required]
    public string Reference { get; set; } = "reference";

    /// <summary>The order's status. Default <c>status</c>. Its values are read through
    /// <see cref="StatusValues"/>.</summary>
    [Required]
    public string Status { get; set; } = "status";

    /// <summary>The array of delivered units. Default <c>items</c>.</summary>
    [Required]
    public string Items { get; set; } = "items";

    /// <summary>An item's redeemable code. Default <c>code</c>.</summary>
    [Required]
    public string Code { get; set; } = "code";

    /// <summary>An item's PIN, null when the product has none. Default <c>pin</c>.</summary>
    [Required]
    public string Pin { get; set; } = "pin";

    /// <summary>An item's redemption instructions, delivered with its code. Default <c>instructions</c>.</summary>
    [Required]
    public string Instructions { get; set; } = "instructions";

    /// <summary>A top-up item's delivery confirmation, sent instead of a code; the buyer receives it as the item's
    /// text. Accepted only for products marked as top-ups. Default <c>confirmation</c>.</summary>
    [Required]
    public string Confirmation { get; set; } = "confirmation";

    /// <summary>An item's serial number, if the supplier sends one. Default <c>serial</c>.</summary>
    [Required]
    public string Serial { get; set; } = "serial";

    /// <summary>An item's face value, if the supplier sends one. Default <c>denomination</c>.</summary>
    [Required]
    public string Denomination { get; set; } = "denomination";

    /// <summary>Why a failed order failed, if the supplier says. Default <c>error</c>.</summary>
    [Required]
    public string Error { get; set; } = "error";

    /// <summary>A webhook's event id, if the supplier sends one; without it the gateway derives one from the body.
    /// Default <c>event_id</c>.</summary>
    [Required]
    public string EventId { get; set; } = "event_id";

    /// <summary>When a webhook's change happened, if the supplier says (ISO 8601). Default <c>occurred_at</c>.</summary>
    [Required]
    public string OccurredAt { get; set; } = "occurred_at";

    /// <summary>
    /// The supplier's status values that mean something else than their own name, each mapped to
    /// <c>completed</c>, <c>pending</c> or <c>failed</c>, e.g. <c>Supplier:Fields:StatusValues:success</c> =
    /// <c>completed</c>. Matched ignoring case. Default none: <c>completed</c>, <c>pending</c> and <c>failed</c>
    /// (any case) are always understood unless mapped here; any other value makes the answer unreadable.
    /// </summary>
    public Dictionary<string, string> StatusValues { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string[] orderFields = [OrderId, Reference, Status, Items, Error, EventId, OccurredAt];
        if (orderFields.Distinct(StringComparer.Ordinal).Count() != orderFields.Length)
        {
            yield return new ValidationResult(
                "OrderId, Reference, Status, Items, Error, EventId and OccurredAt must be distinct names.",
                [nameof(OrderId), nameof(Reference), nameof(Status), nameof(Items), nameof(Error), nameof(EventId), nameof(OccurredAt)]);
        }

        string[] itemFields = [Code, Pin, Instructions, Confirmation, Serial, Denomination];
        if (itemFields.Distinct(StringComparer.Ordinal).Count() != itemFields.Length)
        {
            yield return new ValidationResult(
                "Code, Pin, Instructions, Confirmation, Serial and Denomination must be distinct names.",
                [nameof(Code), nameof(Pin), nameof(Instructions), nameof(Confirmation), nameof(Serial), nameof(Denomination)]);
        }

        foreach (var (value, meaning) in StatusValues ?? [])
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return new ValidationResult("StatusValues must not map a blank value.", [nameof(StatusValues)]);
            }

            if (!KnownStatuses.Contains(meaning?.Trim().ToLowerInvariant()))
            {
                yield return new ValidationResult(
                    $"StatusValues:{value} must be completed, pending or failed.", [nameof(StatusValues)]);
            }
        }
    }
}
