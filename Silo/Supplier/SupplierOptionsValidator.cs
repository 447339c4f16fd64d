using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Silo.Supplier;

/// <summary>Validates <see cref="SupplierOptions"/>: its data annotations and its own cross-checks, generated at
/// compile time.</summary>
[OptionsValidator]
public sealed partial class SupplierOptionsValidator : IValidateOptions<SupplierOptions>;
