using Orleans.Delivery.Gateway.Webhooks;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>A payment's state as GetTransactionStatus reports it, with the amount in minor units.</summary>
public sealed record PesaPalTransactionStatus(
    string OrderTrackingId,
    PesaPalStatusCode StatusCode,
    string? PaymentStatusDescription,
    long? AmountMinor,
    string? Currency,
    string? MerchantReference,
    string? ConfirmationCode,
    string? PaymentMethod)
{
    /// <summary>
    /// The provider-neutral form of this status, the confirmation an IPN alone cannot give. The event id is the
    /// tracking id plus the status, so seeing the same status twice de-duplicates in the order grain.
    /// </summary>
    public PaymentNotification ToNotification()
    {
        var outcome = StatusCode switch
        {
            PesaPalStatusCode.Completed => PaymentOutcome.Succeeded,
            PesaPalStatusCode.Failed => PaymentOutcome.Failed,
            PesaPalStatusCode.Reversed => PaymentOutcome.Reversed,
            _ => PaymentOutcome.Unrecognised,
        };
        return new PaymentNotification(
            PaymentProviders.PesaPal,
            $"{OrderTrackingId}:{StatusCode.ToString().ToLowerInvariant()}",
            outcome,
            MerchantReference,
            AmountMinor,
            Currency,
            OrderTrackingId);
    }
}
