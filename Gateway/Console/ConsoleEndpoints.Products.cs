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
            MerchantWebhookUrl: Field("merchantWebhookUrl"),
            MerchantWebhookSecret: Field("merchantWebhookSecret"),
            TopUp: Field("topUp") == "on");

        IResult Refuse(string error, int status = StatusCodes.Status400BadRequest) =>
            Render<ProductEditPage>(context, new { Product = product with { MerchantWebhookSecret = null }, IsNew = isNew }, status, error);

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

        if (product.Kind == FulfillmentKind.MerchantWebhook && product.MerchantWebhookSecret is null && !isNew)
        {
            // The form never shows the stored secret; left blank, it stays as it is.
            var priced = await Catalog(grains).PriceAsync([new CartItem(product.Sku, 1)], context.RequestAborted);
            product = product with { MerchantWebhookSecret = priced.Lines.FirstOrDefault()?.Product.MerchantWebhookSecret };
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
        return change.Applied
            ? Done(Root + "/products", "saved")
            : Refuse(string.Join(" ", change.Errors), StatusCodes.Status422UnprocessableEntity);
    }

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
