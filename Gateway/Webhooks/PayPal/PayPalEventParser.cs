using System.Text.Json;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks.PayPal;

/// <summary>
/// Maps a PayPal webhook event (already verified) to a <see cref="PaymentNotification"/>. The storefront puts our
/// order id in the purchase unit's <c>custom_id</c> (or <c>invoice_id</c>), which PayPal copies onto captures and refunds.
/// The payment is the capture: capture events and checkout-order events that carry a completed capture name it by the
/// capture id, so both kinds of event about one capture are one payment. Every event also names PayPal's checkout order
/// (the order resource's <c>id</c>, a capture's <c>supplementary_data.related_ids.order_id</c>), which the order records
/// for the reconciliation sweep; an approved order without a completed capture, or a pending capture, names only that.
/// </summary>
public static class PayPalEventParser
{
    public static WebhookParseResult Parse(string payload) => Parse(System.Text.Encoding.UTF8.GetBytes(payload));

    public static WebhookParseResult Parse(ReadOnlySpan<byte> payload)
    {
        using var document = WebhookJson.TryParseObject(payload);
        if (document is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MalformedJson, "The body is not a JSON object.");
        }

        var root = document.RootElement;
        var eventId = WebhookJson.String(root, "id");
        if (eventId is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingEventId, "The event has no id.");
        }

        if (Identifier.Check(eventId, "id") is { } invalidEventId)
        {
            return WebhookParseResult.Failure(invalidEventId);
        }

        var type = WebhookJson.String(root, "event_type");
        if (type is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingEventType, "The event has no event_type.");
        }

        var outcome = type switch
        {
            "PAYMENT.CAPTURE.COMPLETED" => PaymentOutcome.Succeeded,
            "CHECKOUT.ORDER.APPROVED" or "CHECKOUT.ORDER.COMPLETED" => PaymentOutcome.Succeeded,
            "PAYMENT.CAPTURE.DENIED" => PaymentOutcome.Failed,
            "PAYMENT.CAPTURE.REFUNDED" or "PAYMENT.CAPTURE.REVERSED" => PaymentOutcome.Reversed,
            "PAYMENT.CAPTURE.PENDING" => PaymentOutcome.OrderNamed,
            _ => PaymentOutcome.Unrecognised,
        };
        if (outcome == PaymentOutcome.Unrecognised)
        {
            return WebhookParseResult.Success(new PaymentNotification(PaymentProviders.PayPal, eventId, outcome, null, null, null, null));
        }

        if (WebhookJson.Object(root, "resource") is not { } resource)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingEventObject, "The event has no resource.");
        }

        return FromResource(eventId, type, outcome, resource);
    }

    /// <summary>
    /// Reads a checkout order as <c>GET /v2/checkout/orders/{id}</c> answers it — the resource a CHECKOUT.ORDER.COMPLETED
    /// event carries — as that event would be read: a completed capture is <see cref="PaymentOutcome.Succeeded"/> with
    /// the capture id as payment reference (the reference the capture's own webhook names), anything else names the
    /// order only. <paramref name="eventId"/> stands in for the event's id.
    /// </summary>
    public static WebhookParseResult ParseOrder(string eventId, string order)
    {
        using var document = WebhookJson.TryParseObject(System.Text.Encoding.UTF8.GetBytes(order));
        return document is null
            ? WebhookParseResult.Failure(WebhookErrorCodes.MalformedJson, "The body is not a JSON object.")
            : FromResource(eventId, "CHECKOUT.ORDER.COMPLETED", PaymentOutcome.Succeeded, document.RootElement);
    }

    private static WebhookParseResult FromResource(string eventId, string type, PaymentOutcome outcome, JsonElement resource)
    {
        string? unitOrderId = null;
        string? payPalOrderId;
        if (type.StartsWith("CHECKOUT.ORDER.", StringComparison.Ordinal))
        {
            payPalOrderId = WebhookJson.String(resource, "id");

            // An approved order is a buyer's consent, not money: only a completed capture inside it is a payment.
            if (CompletedCapture(resource) is not (var capture, var unit))
            {
                return Named(eventId, FirstUnit(resource) is { } first ? OurOrderId(first) : null, payPalOrderId);
            }

            resource = capture;
            unitOrderId = OurOrderId(unit);
        }
        else
        {
            payPalOrderId = WebhookJson.Object(resource, "supplementary_data") is { } supplementary
                ? WebhookJson.String(WebhookJson.Object(supplementary, "related_ids"), "order_id")
                : null;
            if (outcome == PaymentOutcome.OrderNamed)
            {
                return Named(eventId, OurOrderId(resource), payPalOrderId);
            }
        }

        if (payPalOrderId is not null && Identifier.Check(payPalOrderId, "PayPal order id") is { } invalidPayPalOrderId)
        {
            return WebhookParseResult.Failure(invalidPayPalOrderId);
        }

        var orderId = WebhookJson.String(resource, "custom_id") ?? WebhookJson.String(resource, "invoice_id") ?? unitOrderId;
        if (orderId is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingOrderId, "The resource carries no custom_id or invoice_id.");
        }

        if (Identifier.Check(orderId, WebhookJson.String(resource, "custom_id") is null ? "resource.invoice_id" : "resource.custom_id") is { } invalidOrderId)
        {
            return WebhookParseResult.Failure(invalidOrderId);
        }

        var amount = WebhookJson.Object(resource, "amount");
        var currency = WebhookJson.String(amount, "currency_code");
        var value = WebhookJson.String(amount, "value");
        if (value is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingAmount, "The resource carries no amount.value.");
        }

        if (currency is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingCurrency, "The resource carries no amount.currency_code.");
        }

        if (!CurrencyMinorUnits.IsCurrencyCode(currency))
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MalformedCurrency, "The currency is not an upper-case ISO 4217 code.");
        }

        // PayPal sends amounts as decimal strings in major units ("10.50", "1000" for JPY).
        if (!CurrencyMinorUnits.TryParseToMinor(value, currency, out var minor))
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MalformedAmount, "The amount is not a valid amount for its currency.");
        }

        // On capture events the resource is the capture; on refund and reversal events it is the refund, and the
        // capture it returns money from is its "up" link (the reference recorded when the capture completed).
        var reference = outcome == PaymentOutcome.Reversed
            ? CaptureIdFromUpLink(resource) ?? WebhookJson.String(resource, "id")
            : WebhookJson.String(resource, "id");
        if (reference is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingPaymentReference, "The resource carries no id.");
        }

        if (Identifier.Check(reference, outcome == PaymentOutcome.Reversed ? "resource.links (the capture id)" : "resource.id") is { } invalidReference)
        {
            return WebhookParseResult.Failure(invalidReference);
        }

        return WebhookParseResult.Success(new PaymentNotification(PaymentProviders.PayPal, eventId, outcome, orderId, minor, currency, reference, payPalOrderId));
    }

    /// <summary>
    /// An event that names a PayPal order for one of ours but carries no payment. Without both ids there is nothing to
    /// record, and the event is one we do not act on, as before PayPal orders were recorded.
    /// </summary>
    private static WebhookParseResult Named(string eventId, string? orderId, string? payPalOrderId)
    {
        if (orderId is null || payPalOrderId is null)
        {
            return WebhookParseResult.Success(new PaymentNotification(PaymentProviders.PayPal, eventId, PaymentOutcome.Unrecognised, null, null, null, null));
        }

        if ((Identifier.Check(orderId, "resource.custom_id") ?? Identifier.Check(payPalOrderId, "PayPal order id")) is { } invalid)
        {
            return WebhookParseResult.Failure(invalid);
        }

        return WebhookParseResult.Success(new PaymentNotification(PaymentProviders.PayPal, eventId, PaymentOutcome.OrderNamed, orderId, null, null, null, payPalOrderId));
    }

    private static string? OurOrderId(JsonElement unitOrCapture) =>
        WebhookJson.String(unitOrCapture, "custom_id") ?? WebhookJson.String(unitOrCapture, "invoice_id");

    private static JsonElement? FirstUnit(JsonElement order) =>
        order.TryGetProperty("purchase_units", out var units) && units.ValueKind == JsonValueKind.Array && units.GetArrayLength() > 0
            && units[0].ValueKind == JsonValueKind.Object
            ? units[0]
            : null;

    /// <summary>The first completed capture of a checkout order (<c>purchase_units[].payments.captures[]</c>) and its purchase unit.</summary>
    private static (JsonElement Capture, JsonElement Unit)? CompletedCapture(JsonElement order)
    {
        if (!order.TryGetProperty("purchase_units", out var units) || units.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var unit in units.EnumerateArray())
        {
            if (WebhookJson.Object(unit, "payments") is not { } payments
                || !payments.TryGetProperty("captures", out var captures)
                || captures.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var capture in captures.EnumerateArray())
            {
                if (WebhookJson.String(capture, "status") == "COMPLETED")
                {
                    return (capture, unit);
                }
            }
        }

        return null;
    }

    private static string? CaptureIdFromUpLink(JsonElement resource)
    {
        if (!resource.TryGetProperty("links", out var links) || links.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var link in links.EnumerateArray())
        {
            if (WebhookJson.String(link, "rel") == "up"
                && Uri.TryCreate(WebhookJson.String(link, "href"), UriKind.Absolute, out var href)
                && href.Segments is [.., var captures, var id]
                && captures.Equals("captures/", StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(id.TrimEnd('/'));
            }
        }

        return null;
    }
}
