namespace Orleans.Delivery.Gateway.Webhooks.PayPal;

/// <summary>
/// The shape of a PayPal checkout order id, as PayPal's Orders v2 API documents its path parameter: 1 to 36 upper-case
/// letters and digits (e.g. <c>5O190127TN364715T</c>).
/// </summary>
public static class PayPalOrderIds
{
    public const int MaxLength = 36;

    // Two character classes do not need a regular expression.
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));
}
