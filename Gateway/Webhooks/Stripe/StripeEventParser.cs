using System.Text.Json;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks.Stripe;

/// <summary>
/// Maps a Stripe event (already signature-verified) to a <see cref="PaymentNotification"/>.
/// The storefront puts our order id in the PaymentIntent's (or Checkout Session's) <c>metadata.order_id</c>.
/// </summary>
public static class StripeEventParser
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

        var type = WebhookJson.String(root, "type");
        if (type is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingEventType, "The event has no type.");
        }

        var outcome = type switch
        {
            "payment_intent.succeeded" => PaymentOutcome.Succeeded,
            "payment_intent.payment_failed" => PaymentOutcome.Failed,
            "checkout.session.completed" or "checkout.session.async_payment_succeeded" => PaymentOutcome.Succeeded,
            "checkout.session.async_payment_failed" => PaymentOutcome.Failed,
            "charge.refunded" => PaymentOutcome.Reversed,
            _ => PaymentOutcome.Unrecognised,
        };
        if (outcome == PaymentOutcome.Unrecognised)
        {
            return Unrecognised(eventId);
        }

        if (WebhookJson.Object(root, "data") is not { } data || WebhookJson.Object(data, "object") is not { } obj)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingEventObject, "The event has no data.object.");
        }

        return type switch
        {
            "payment_intent.succeeded" => FromPaymentIntent(eventId, outcome, obj, amountReceived: true),
            "payment_intent.payment_failed" => FromPaymentIntent(eventId, outcome, obj, amountReceived: false),
            "charge.refunded" => FromCharge(eventId, obj),
            // A completed session with payment_status "unpaid" (delayed methods) is confirmed later by
            // checkout.session.async_payment_succeeded; "no_payment_required" never moves money.
            "checkout.session.completed" when WebhookJson.String(obj, "payment_status") != "paid" => Unrecognised(eventId),
            _ => FromCheckoutSession(eventId, outcome, obj),
        };
    }

    private static WebhookParseResult Unrecognised(string eventId) =>
        WebhookParseResult.Success(new PaymentNotification(PaymentProviders.Stripe, eventId, PaymentOutcome.Unrecognised, null, null, null, null));

    private static WebhookParseResult FromPaymentIntent(string eventId, PaymentOutcome outcome, JsonElement intent, bool amountReceived)
    {
        var orderId = WebhookJson.String(WebhookJson.Object(intent, "metadata"), "order_id");
        var reference = WebhookJson.String(intent, "id");
        if ((Identifier.Check(orderId, "data.object.metadata.order_id") ?? Identifier.Check(reference, "data.object.id")) is { } invalid)
        {
            return WebhookParseResult.Failure(invalid);
        }

        var amount = amountReceived
            ? WebhookJson.Int64(intent, "amount_received") ?? WebhookJson.Int64(intent, "amount")
            : WebhookJson.Int64(intent, "amount");
        return Build(eventId, outcome, orderId, amount, WebhookJson.String(intent, "currency"), reference, orderIdRequired: true);
    }

    private static WebhookParseResult FromCheckoutSession(string eventId, PaymentOutcome outcome, JsonElement session)
    {
        var metadataOrderId = WebhookJson.String(WebhookJson.Object(session, "metadata"), "order_id");
        var orderId = metadataOrderId ?? WebhookJson.String(session, "client_reference_id");
        if ((Identifier.Check(orderId, metadataOrderId is null ? "data.object.client_reference_id" : "data.object.metadata.order_id")
            ?? Identifier.Check(WebhookJson.String(session, "payment_intent"), "data.object.payment_intent")) is { } invalid)
        {
            return WebhookParseResult.Failure(invalid);
        }

        return Build(
            eventId,
            outcome,
            orderId,
            WebhookJson.Int64(session, "amount_total"),
            WebhookJson.String(session, "currency"),
            WebhookJson.String(session, "payment_intent"),
            orderIdRequired: true);
    }

    private static WebhookParseResult FromCharge(string eventId, JsonElement charge)
    {
        // The PaymentIntent id is the reference recorded when the payment succeeded, so the refund is matched
        // by it; a charge made without a PaymentIntent falls back to its own id. Charges carry metadata.order_id
        // only when the storefront set it there too, so the order id is optional for reversals.
        var reference = WebhookJson.String(charge, "payment_intent") ?? WebhookJson.String(charge, "id");
        var orderId = WebhookJson.String(WebhookJson.Object(charge, "metadata"), "order_id");
        if ((Identifier.Check(orderId, "data.object.metadata.order_id") ?? Identifier.Check(reference, "data.object.payment_intent")) is { } invalid)
        {
            return WebhookParseResult.Failure(invalid);
        }

        return Build(
            eventId,
            PaymentOutcome.Reversed,
            orderId,
            WebhookJson.Int64(charge, "amount_refunded"),
            WebhookJson.String(charge, "currency"),
            reference,
            orderIdRequired: false);
    }

    private static WebhookParseResult Build(
        string eventId, PaymentOutcome outcome, string? orderId, long? amount, string? currency, string? reference, bool orderIdRequired)
    {
        if (orderIdRequired && orderId is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingOrderId, "The payment carries no metadata.order_id.");
        }

        if (amount is null or < 0)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingAmount, "The payment carries no amount.");
        }

        if (currency is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingCurrency, "The payment carries no currency.");
        }

        // Stripe sends lower-case ISO codes ("usd"); we keep upper case everywhere.
        var isoCurrency = currency.ToUpperInvariant();
        if (!CurrencyMinorUnits.IsCurrencyCode(isoCurrency))
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MalformedCurrency, "The currency is not an ISO 4217 code.");
        }

        if (reference is null)
        {
            return WebhookParseResult.Failure(WebhookErrorCodes.MissingPaymentReference, "The payment carries no PaymentIntent id.");
        }

        return WebhookParseResult.Success(new PaymentNotification(PaymentProviders.Stripe, eventId, outcome, orderId, amount, isoCurrency, reference));
    }
}
