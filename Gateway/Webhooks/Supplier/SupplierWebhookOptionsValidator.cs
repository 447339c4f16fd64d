using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>Validates <see cref="SupplierWebhookOptions"/> from its data annotations, generated at compile time.</summary>
[OptionsValidator]
public sealed partial class SupplierWebhookOptionsValidator : IValidateOptions<SupplierWebhookOptions>;
