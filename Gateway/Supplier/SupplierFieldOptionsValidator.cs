using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Supplier;

/// <summary>Validates <see cref="SupplierFieldOptions"/>: its data annotations and its own cross-checks, generated at
/// compile time.</summary>
[OptionsValidator]
public sealed partial class SupplierFieldOptionsValidator : IValidateOptions<SupplierFieldOptions>;
