namespace Orleans.Delivery.Silo.Mail;

/// <summary>One code as the supplier delivered it, with its PIN when it has one.</summary>
/// <param name="Code">The code; for a top-up confirmed instead of coded, the confirmation's text.</param>
/// <param name="Instructions">How to redeem this item, as the supplier said (plain text).</param>
/// <param name="Confirmation">A top-up's delivery confirmation rather than a code: shown as text, not as a code to copy.</param>
public sealed record DeliveredCode(string Code, string? Pin = null, string? Instructions = null, bool Confirmation = false);
