using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>Validates a payment client's options at start-up (and when a client is constructed directly).</summary>
public sealed class PaymentProviderOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : PaymentProviderClientOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = new List<string>();
        options.Validate(typeof(TOptions).Name.Replace("ClientOptions", string.Empty, StringComparison.Ordinal), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static TOptions ValidOrThrow(TOptions options)
    {
        var result = new PaymentProviderOptionsValidator<TOptions>().Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(typeof(TOptions).Name, typeof(TOptions), result.Failures) : options;
    }
}
