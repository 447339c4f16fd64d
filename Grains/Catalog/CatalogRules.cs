using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Catalog;

/// <summary>What makes a product, a settings record and a cart valid, and how a cart is priced. Pure.</summary>
public static partial class CatalogRules
{
    public const int MaxQuantity = 100;

    public static IReadOnlyList<string> Validate(ProductDefinition p)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(p.Sku) || !SkuPattern().IsMatch(p.Sku))
        {
            errors.Add("sku must be 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 200)
        {
            errors.Add("name is required (at most 200 characters).");
        }

        if (p.PriceMinor < 0)
        {
            errors.Add("priceMinor must not be negative.");
        }

        if (p.Currency is null || !CurrencyPattern().IsMatch(p.Currency))
        {
            errors.Add("currency must be a three-letter ISO 4217 code in upper case.");
        }

        switch (p.Kind)
        {
            case FulfillmentKind.File:
                if (string.IsNullOrWhiteSpace(p.FileKey))
                {
                    errors.Add("a file product needs fileKey.");
                }

                if (p.DownloadLimit is < 1)
                {
                    errors.Add("downloadLimit must be at least 1, or null for unlimited.");
                }

                break;
            case FulfillmentKind.SupplierCode:
                if (string.IsNullOrWhiteSpace(p.SupplierSku))
                {
                    errors.Add("a supplier code product needs supplierSku.");
                }

                break;
            case FulfillmentKind.MerchantWebhook:
                if (!Uri.TryCreate(p.MerchantWebhookUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                {
                    errors.Add("a merchant webhook product needs an absolute http(s) merchantWebhookUrl.");
                }

                errors.AddRange(MerchantWebhookProblems(p));
                break;
            default:
                errors.Add("kind must be file, supplierCode or merchantWebhook.");
                break;
        }

        if (p.TopUp && p.Kind != FulfillmentKind.SupplierCode)
        {
            errors.Add("topUp applies to supplier code products only.");
        }

        if (p.ActivationUrl is { } activation && !Uri.TryCreate(activation, UriKind.Absolute, out _))
        {
            errors.Add("activationUrl must be an absolute URL.");
        }

        return errors;
    }

    /// <summary>The optional fields a merchant webhook product may choose to send.</summary>
    public static readonly IReadOnlyList<string> OptionalWebhookFields = ["checkout_hash", "transaction_id", "customer_email", "customer_name"];

    /// <summary>The fields every merchant webhook call carries; no static field may take their names.</summary>
    public static readonly IReadOnlyList<string> StandardWebhookFields = ["order_id", "sku", "product_name", "quantity", "timestamp"];

    public const int MaxStaticFields = 20;

    private static IEnumerable<string> MerchantWebhookProblems(ProductDefinition p)
    {
        if (p.MerchantWebhookMethod is { } method && method is not ("GET" or "POST"))
        {
            yield return "merchantWebhookMethod must be GET or POST.";
        }

        if (p.MerchantWebhookFormat is { } format && format is not ("json" or "form"))
        {
            yield return "merchantWebhookFormat must be json or form.";
        }

        if (p.MerchantWebhookMethod == "GET" && p.MerchantWebhookFormat is not null)
        {
            yield return "merchantWebhookFormat applies to POST only: a GET sends the fields as its query string.";
        }

        foreach (var field in p.MerchantWebhookFields ?? [])
        {
            if (!OptionalWebhookFields.Contains(field, StringComparer.Ordinal))
            {
                yield return $"merchantWebhookFields may name {string.Join(", ", OptionalWebhookFields)}; '{field}' is not one of them.";
            }
        }

        var statics = p.MerchantWebhookStaticFields ?? [];
        if (statics.Count > MaxStaticFields)
        {
            yield return $"merchantWebhookStaticFields holds at most {MaxStaticFields} pairs.";
        }

        foreach (var pair in statics)
        {
            if (pair is null || string.IsNullOrEmpty(pair.Name) || !FieldNamePattern().IsMatch(pair.Name))
            {
                yield return "a static field's name must be 1 to 64 letters, digits, '-', '_' or '.'.";
            }
            else if (StandardWebhookFields.Contains(pair.Name, StringComparer.Ordinal) || OptionalWebhookFields.Contains(pair.Name, StringComparer.Ordinal))
            {
                yield return $"the static field '{pair.Name}' would hide the field of that name.";
            }
            else if (pair.Value is null || pair.Value.Length > 1000)
            {
                yield return $"the static field '{pair.Name}' needs a value of at most 1000 characters.";
            }
        }

        if (statics.Where(f => f is not null).GroupBy(f => f.Name, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            yield return "each static field name may appear once.";
        }
    }

    public static IReadOnlyList<string> Validate(StoreSettingsDefinition s)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(s.StoreName))
        {
            errors.Add("storeName is required.");
        }

        if (!System.Net.Mail.MailAddress.TryCreate(s.SupportEmail, out _))
        {
            errors.Add("supportEmail must be an email address.");
        }

        if (!System.Net.Mail.MailAddress.TryCreate(s.SenderAddress, out _))
        {
            errors.Add("senderAddress must be an email address.");
        }

        if (s.LogoUrl is { } logo && !Uri.TryCreate(logo, UriKind.Absolute, out _))
        {
            errors.Add("logoUrl must be an absolute URL.");
        }

        return errors;
    }

    /// <summary>Prices a cart from the catalog: unknown products, bad quantities and mixed currencies are refused.</summary>
    public static PricedCart Price(ImmutableSortedDictionary<string, ProductDefinition> products, IReadOnlyList<CartItem> items)
    {
        var errors = new List<string>();
        var lines = new List<PricedLine>();
        if (items.Count == 0)
        {
            errors.Add("The cart is empty.");
        }

        foreach (var group in items.GroupBy(i => i.Sku, StringComparer.Ordinal))
        {
            var quantity = group.Sum(i => i.Quantity);
            if (!products.TryGetValue(group.Key, out var product))
            {
                errors.Add($"Unknown sku '{group.Key}'.");
            }
            else if (group.Any(i => i.Quantity < 1) || quantity > MaxQuantity)
            {
                errors.Add($"The quantity of '{group.Key}' must be between 1 and {MaxQuantity}.");
            }
            else
            {
                lines.Add(new PricedLine(product, quantity, checked(product.PriceMinor * quantity)));
            }
        }

        var currencies = lines.Select(l => l.Product.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            errors.Add($"The cart mixes currencies ({string.Join(", ", currencies)}); one order is paid in one currency.");
        }

        return errors.Count > 0
            ? new PricedCart([], 0, null, errors)
            : new PricedCart(lines, lines.Sum(l => l.LineTotalMinor), currencies.Single(), []);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex FieldNamePattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
