using Microsoft.AspNetCore.Http;
using Orleans.Delivery.Gateway.Webhooks.PayPal;

namespace Orleans.Delivery.Testing.Simulators;

/// <summary>The signature headers of one simulated PayPal webhook delivery.</summary>
public sealed record PayPalSignedWebhook(
    string TransmissionId,
    string TransmissionTime,
    string TransmissionSignature,
    string CertificateUrl,
    string AuthAlgorithm = "SHA256withRSA")
{
    public PayPalTransmission ToTransmission() =>
        new(TransmissionId, TransmissionTime, TransmissionSignature, CertificateUrl, AuthAlgorithm);

    public HeaderDictionary ToHeaders() => new()
    {
        [PayPalTransmission.TransmissionIdHeader] = TransmissionId,
        [PayPalTransmission.TransmissionTimeHeader] = TransmissionTime,
        [PayPalTransmission.TransmissionSignatureHeader] = TransmissionSignature,
        [PayPalTransmission.CertificateUrlHeader] = CertificateUrl,
        [PayPalTransmission.AuthAlgorithmHeader] = AuthAlgorithm,
    };
}
