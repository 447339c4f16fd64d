using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks.PesaPal;

/// <summary>Either a <see cref="PesaPalIpn"/> or a stable error code from <see cref="WebhookErrorCodes"/>.</summary>
public sealed record PesaPalIpnParseResult
{
    private PesaPalIpnParseResult(PesaPalIpn? ipn, string? errorCode, string? errorDetail, string? field = null)
    {
        Ipn = ipn;
        ErrorCode = errorCode;
        ErrorDetail = errorDetail;
        Field = field;
    }

    public PesaPalIpn? Ipn { get; }

    public string? ErrorCode { get; }

    public string? ErrorDetail { get; }

    /// <summary>The field at fault, when the failure is about one.</summary>
    public string? Field { get; }

    public bool IsSuccess => Ipn is not null;

    public static PesaPalIpnParseResult Success(PesaPalIpn ipn) => new(ipn, null, null);

    public static PesaPalIpnParseResult Failure(string errorCode, string detail) => new(null, errorCode, detail);

    public static PesaPalIpnParseResult Failure(FieldRefusal refusal) => new(null, refusal.Code, refusal.Detail, refusal.Field);
}
