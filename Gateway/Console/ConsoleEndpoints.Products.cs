using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Api;
using Orleans.Delivery.Gateway.Console.Pages;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Console;

public static partial class ConsoleEndpoints
{
    private static void MapProducts(RouteGroupBuilder console, RouteGroupBuilder actions)
    {
        console.MapGet("/products", ProductsAsync);
        console.MapGet("/products/new", (HttpContext context, string? kind) => Render<ProductEditPage>(context, new
        {
            Product = new ProductDefinition("", "", 0, "USD", KindOf(kind) ?? FulfillmentKind.File),
            IsNew = true,
        }));
        console.MapGet("/products/{sku}", EditProductAsync);
        actions.MapPost("/products", SaveProductAsync).DisableRequestTimeout();
        actions.MapPost("/products/{sku}/webhook-secret", RotateWebhookSecretAsync);
    }

    private static async Task<IResult> ProductsAsync(HttpContext context, IGrainFactory grains) =>
        Render<ProductsPage>(context, new { Catalog = await Catalog(grains).GetAsync(context.RequestAborted) });

    private static async Task<IResult> EditProductAsync(HttpContext context, IGrainFactory grains, string sku)
    {
        var catalog = await Catalog(grains).GetAsync(context.RequestAborted);
        return catalog.Products.FirstOrDefault(p => p.Sku == sku) is { } product
            ? Render<ProductEditPage>(context, new { Product = product, IsNew = false })
            : Render<NotFoundPage>(context, new { What = "product" }, StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// Creates or replaces a product from the form; a file chosen in the form is stored first under
    /// <c>products/{sku}/{file name}</c>, the key the product then names.
    /// </summary>
    private static async Task<IResult> SaveProductAsync(HttpContext context, IGrainFactory grains, IFileStore files, IOptions<FileStoreOptions> fileOptions)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string? Field(string name) => form[name].ToString() is { Length: > 0 } value ? value.Trim() : null;
        var isNew = Field("isNew") == "true";
        var kind = KindOf(Field("kind")) ?? FulfillmentKind.File;
        var currency = (Field("currency") ?? "").ToUpperInvariant();
        var product = new ProductDefinition(
            Field("sku") ?? "",
            Field("name") ?? "",
            0,
            currency,
            kind,
            DownloadLimit: int.TryParse(Field("downloadLimit"), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null,
            FileKey: Field("fileKey"),
            FileName: Field("fileName"),
            SupplierSku: Field("supplierSku"),
            RequiresPin: Field("requiresPin") == "on",
            Denomination: Field("denomination"),
            Instructions: Field("instructions"),
            ActivationUrl: Field("activationUrl"),
            TopUp: Field("topUp") == "on");
        var staticFieldsText = form["merchantWebhookStaticFields"].ToString();

        IResult Refuse(string error, int status = StatusCodes.Status400BadRequest) =>
            Render<ProductEditPage>(context, new { Product = product, IsNew = isNew, StaticFieldsText = staticFieldsText }, status, error);

        if (kind == FulfillmentKind.MerchantWebhook)
        {
            var method = Field("merchantWebhookMethod");
            product = product with
            {
                MerchantWebhookUrl = Field("merchantWebhookUrl"),
                MerchantWebhookMethod = method,
                // The body format belongs to POST alone; the form always posts its select, so a GET drops it.
                MerchantWebhookFormat = method == "GET" ? null : Field("merchantWebhookFormat"),
                SeparateMultibuy = Field("separateMultibuy") == "on",
                MerchantWebhookFields = form["merchantWebhookFields"].Where(f => !string.IsNullOrEmpty(f)).Select(f => f!.Trim()).ToList(),
                OrderEmails = Field("orderEmails") == "on",
            };
            var (pairs, pairsError) = StaticFieldLines(staticFieldsText);
            if (pairsError is not null)
            {
                return Refuse(pairsError);
            }

            product = product with { MerchantWebhookStaticFields = pairs };
        }

        if (!decimal.TryParse(Field("price"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
            || !CurrencyCodeOk(currency) || !CurrencyMinorUnits.TryToMinor(price, currency, out var priceMinor))
        {
            return Refuse("Enter the price as a number such as 19.99, with at most the currency's decimals, and a 3-letter currency code.");
        }

        product = product with { PriceMinor = priceMinor };
        if (Identifier.Check(product.Sku, "sku", 64) is not null)
        {
            return Refuse("The SKU is 1 to 64 letters, digits, '-', '_' and '.'.");
        }

        if (form.Files.GetFile("file") is { Length: > 0 } upload)
        {
            var name = SafeFileName(upload.FileName);
            var key = $"products/{product.Sku}/{name}";
            if (!FileKey.IsValid(key))
            {
                return Refuse("The file's name cannot be stored; rename it to letters, digits, '.', '_' and '-'.");
            }

            if (upload.Length > fileOptions.Value.MaxUploadBytes)
            {
                return Refuse($"The file is larger than the {fileOptions.Value.MaxUploadBytes:N0} bytes allowed.", StatusCodes.Status413PayloadTooLarge);
            }

            await using var content = upload.OpenReadStream();
            var stored = await files.PutAsync(
                key, content, string.IsNullOrWhiteSpace(upload.ContentType) ? "application/octet-stream" : upload.ContentType, upload.Length, context.RequestAborted);
            if (!stored.Stored)
            {
                return Refuse(stored.Error ?? "The file was not stored.");
            }

            product = product with { FileKey = key, FileName = product.FileName ?? name };
        }

        if (CatalogInput.Check(product) is { } invalid)
        {
            return Refuse($"{invalid.Field}: {invalid.Detail}");
        }

        if (product.Kind == FulfillmentKind.File && product.FileKey is { } fileKey && !await files.ExistsAsync(fileKey, context.RequestAborted))
        {
            return Refuse($"No file is stored under '{fileKey}'. Choose a file to upload.");
        }

        var change = await Catalog(grains).UpsertProductAsync(product, context.RequestAborted);
        if (!change.Applied)
        {
            return Refuse(string.Join(" ", change.Errors), StatusCodes.Status422UnprocessableEntity);
        }

        return change.WebhookSecret is { } secret
            ? await ShowSecretAsync(context, grains, product.Sku, secret, "The product was saved.")
            : Done(Root + "/products", "saved");
    }

    /// <summary>Replaces a merchant webhook product's signing secret; the old one goes on signing for the overlap.</summary>
    private static async Task<IResult> RotateWebhookSecretAsync(HttpContext context, IGrainFactory grains, string sku)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var catalog = await Catalog(grains).GetAsync(context.RequestAborted);
        if (Identifier.Check(sku, "sku") is not null || catalog.Products.FirstOrDefault(p => p.Sku == sku) is not { } product)
        {
            return Render<NotFoundPage>(context, new { What = "product" }, StatusCodes.Status404NotFound);
        }

        if (CatalogInput.OverlapHours(form["overlapHours"]) is not { } hours)
        {
            return Render<ProductEditPage>(context, new { Product = product, IsNew = false }, StatusCodes.Status400BadRequest, CatalogInput.OverlapHoursRule);
        }

        var change = await Catalog(grains).RotateWebhookSecretAsync(sku, TimeSpan.FromHours(hours), context.RequestAborted);
        return change is { Applied: true, WebhookSecret: { } secret }
            ? await ShowSecretAsync(context, grains, sku, secret, hours > 0
                ? $"The signing secret was replaced; the previous one goes on signing for {hours} h."
                : "The signing secret was replaced; the previous one no longer signs.")
            : Render<ProductEditPage>(context, new { Product = product, IsNew = false }, StatusCodes.Status422UnprocessableEntity, string.Join(" ", change.Errors));
    }

    /// <summary>
    /// The product's page with a signing secret the store just generated: the one time it is shown. Rendered as the
    /// answer to the post (no redirect, nothing in a URL) and never stored by a cache.
    /// </summary>
    private static async Task<IResult> ShowSecretAsync(HttpContext context, IGrainFactory grains, string sku, string secret, string notice)
    {
        context.Response.Headers.CacheControl = "no-store";
        var catalog = await Catalog(grains).GetAsync(context.RequestAborted);
        return catalog.Products.FirstOrDefault(p => p.Sku == sku) is { } saved
            ? Render<ProductEditPage>(context, new { Product = saved, IsNew = false, NewSecret = secret, SecretNotice = notice })
            : Render<NotFoundPage>(context, new { What = "product" }, StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// The form's static pairs, one <c>name=value</c> a line (blank lines skipped, the value may hold '='); the names and
    /// values are then checked by the rules the admin API applies.
    /// </summary>
    private static (IReadOnlyList<StaticField> Pairs, string? Error) StaticFieldLines(string text)
    {
        var pairs = new List<StaticField>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return ([], $"Static fields: line {i + 1} is not name=value.");
            }

            pairs.Add(new StaticField(line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        return (pairs, null);
    }

    /// <summary>The static pairs as the form's text, one <c>name=value</c> a line.</summary>
    internal static string StaticFieldText(IReadOnlyList<StaticField>? pairs) =>
        string.Join("\n", (pairs ?? []).Select(p => $"{p.Name}={p.Value}"));

    private static FulfillmentKind? KindOf(string? kind) => kind switch
    {
        "file" => FulfillmentKind.File,
        "supplier-code" => FulfillmentKind.SupplierCode,
        "merchant-webhook" => FulfillmentKind.MerchantWebhook,
        _ => null,
    };

    internal static string KindName(FulfillmentKind kind) => kind switch
    {
        FulfillmentKind.File => "file",
        FulfillmentKind.SupplierCode => "supplier-code",
        _ => "merchant-webhook",
    };

    private static bool CurrencyCodeOk(string currency) => CurrencyMinorUnits.IsCurrencyCode(currency);

    /// <summary>The uploaded file's own name, reduced to the characters a file key allows.</summary>
    private static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray()).TrimStart('.', '-');
        return safe.Length is > 0 and <= 200 ? safe : "file";
    }

    private static ICatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);
}
