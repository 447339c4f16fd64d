using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>
/// Generates the edge fuzz: fixed cases first (the NUL bug and its relatives, oversized bodies), then requests drawn
/// from a seeded <see cref="Random"/> across every endpoint family the gateway maps. A request that names an order
/// that exists is always one the edge must refuse; everything else names orders that do not exist, so the only thing
/// the fuzz may leave behind is a webhook kept for inspection.
/// </summary>
internal sealed class EdgeFuzzCases
{
    private const string Json = "application/json";
    private const int OneMiB = 1024 * 1024;

    private static readonly string[] OddContentTypes =
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=fuzz",
        "application/json; charset=latin1",
        "garbage;;;=",
        "*/*",
        "",
        "application/xml",
        "APPLICATION/JSON",
        "application/merge-patch+json",
    ];

    private static readonly string[] StripeTypes =
        ["payment_intent.succeeded", "payment_intent.payment_failed", "checkout.session.completed", "charge.refunded"];

    private static readonly string[] PayPalTypes =
        ["PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED"];

    private static readonly string[] ProductTextPaths =
        ["sku", "name", "currency", "fileKey", "fileName", "supplierSku", "denomination", "instructions", "activationUrl", "merchantWebhookUrl", "merchantWebhookSecret", "merchantWebhookMethod", "merchantWebhookFormat"];

    private static readonly string[] SettingsTextPaths = ["storeName", "logoUrl", "supportEmail", "senderAddress", "senderName"];

    private readonly FuzzTargets _targets;
    private readonly Random _random;
    private readonly List<FuzzRequest> _cases = [];
    private int _unknown;

    private EdgeFuzzCases(FuzzTargets targets, int seed)
    {
        _targets = targets;
        _random = new Random(seed);
    }

    /// <summary>The fixed cases, then generated ones up to <paramref name="total"/>, numbered in order.</summary>
    public static IReadOnlyList<FuzzRequest> Generate(FuzzTargets targets, int seed, int total)
    {
        var fuzz = new EdgeFuzzCases(targets, seed);
        fuzz.AddFixed();
        var families = new (int Weight, Action Add)[]
        {
            (20, fuzz.AddStripe),
            (11, fuzz.AddPayPal),
            (8, fuzz.AddPesaPalQuery),
            (7, fuzz.AddPesaPalBody),
            (14, fuzz.AddSupplier),
            (10, fuzz.AddCheckout),
            (14, fuzz.AddAdmin),
            (10, fuzz.AddBuyerPagesAndFiles),
            (6, fuzz.AddHttpOddities),
        };
        var sum = families.Sum(f => f.Weight);
        while (fuzz._cases.Count < total)
        {
            var roll = fuzz._random.Next(sum);
            foreach (var (weight, add) in families)
            {
                if (roll < weight)
                {
                    add();
                    break;
                }

                roll -= weight;
            }
        }

        return fuzz._cases.Take(total).Select((c, i) => c with { Number = i }).ToList();
    }

    // ---- fixed cases ------------------------------------------------------------------------------------------

    private void AddFixed()
    {
        var known = _targets.KnownOrders[0];
        var tracking = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

        // The bug as reported: a NUL in an order reference reached PostgreSQL.
        Add("pesapal", "NUL in OrderMerchantReference (query)", HttpMethod.Get,
            $"/webhooks/pesapal?OrderTrackingId={tracking}&OrderMerchantReference={HostileValues.Escape(known)}%00&OrderNotificationType=IPNCHANGE",
            mustRefuse: true, code: "invalid_identifier");
        Add("pesapal", "NUL in OrderTrackingId (query)", HttpMethod.Get,
            $"/webhooks/pesapal?OrderTrackingId=%00{tracking}&OrderMerchantReference={HostileValues.Escape(known)}&OrderNotificationType=IPNCHANGE",
            mustRefuse: true, code: "invalid_identifier");
        Add("pesapal", "NUL in OrderMerchantReference (POST, empty body, query)", HttpMethod.Post,
            $"/webhooks/pesapal?OrderTrackingId={tracking}&OrderMerchantReference=%00",
            body: [], mustRefuse: true, code: "invalid_identifier");
        Add("pesapal", "NUL in OrderMerchantReference (body)", HttpMethod.Post, "/webhooks/pesapal",
            body: FuzzJson.With(PesaPalIpn(tracking, known), ("OrderMerchantReference", Utf8($"\"{known}\\u0000\""))),
            contentType: Json, mustRefuse: true, code: "invalid_identifier");
        Add("pesapal", "NUL in OrderTrackingId (body)", HttpMethod.Post, "/webhooks/pesapal",
            body: FuzzJson.With(PesaPalIpn(tracking, known), ("OrderTrackingId", Utf8("\"\\u0000\""))),
            contentType: Json, mustRefuse: true, code: "invalid_identifier");
        AddStripeSigned("NUL in metadata.order_id", FuzzJson.With(StripeEvent("payment_intent.succeeded", known), ("data.object.metadata.order_id", Utf8($"\"{known}\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddStripeSigned("NUL in a checkout session's metadata.order_id", FuzzJson.With(StripeEvent("checkout.session.completed", known), ("data.object.metadata.order_id", Utf8("\"\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddStripeSigned("NUL in the event id", FuzzJson.With(StripeEvent("payment_intent.succeeded", known), ("id", Utf8("\"evt_\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddStripeSigned("NUL in the PaymentIntent id", FuzzJson.With(StripeEvent("payment_intent.succeeded", known), ("data.object.id", Utf8("\"pi_\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddStripeSigned("unpaired surrogate in metadata.order_id", FuzzJson.With(StripeEvent("payment_intent.succeeded", known), ("data.object.metadata.order_id", Utf8("\"\\ud800\""))), mustRefuse: true, code: "malformed_json");
        AddStripeSigned("invalid UTF-8 in metadata.order_id", FuzzJson.With(StripeEvent("payment_intent.succeeded", known), ("data.object.metadata.order_id", [0x22, 0xFF, 0x22])), mustRefuse: true, code: "malformed_json");
        AddStripeSigned("C1 control in metadata.order_id", FuzzJson.With(StripeEvent("payment_intent.succeeded", known), ("data.object.metadata.order_id", Utf8("\"a\\u0085\""))), mustRefuse: true, code: "invalid_identifier");
        AddSupplierSigned("NUL in reference", FuzzJson.With(SupplierEvent(known), ("reference", Utf8($"\"{known}\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddSupplierSigned("NUL in event_id", FuzzJson.With(SupplierEvent(known), ("event_id", Utf8("\"\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddSupplierSigned("NUL in order_id", FuzzJson.With(SupplierEvent(known), ("order_id", Utf8("\"sup_\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddSupplierSigned("unpaired surrogate in an item's serial", FuzzJson.With(SupplierEvent(Unknown()), ("items.0.serial", Utf8("\"\\ud800\""))), mustRefuse: true, code: "malformed_json");
        AddPayPalSigned("NUL in custom_id", FuzzJson.With(PayPalEvent("PAYMENT.CAPTURE.COMPLETED", known), ("resource.custom_id", Utf8($"\"{known}\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddPayPalSigned("NUL in the capture id of a refund's up link", PayPalRefund(known, "CAP%00"), mustRefuse: true, code: "invalid_identifier");
        AddPayPalSigned("amount beyond decimal", FuzzJson.With(PayPalEvent("PAYMENT.CAPTURE.COMPLETED", known), ("resource.amount.value", Utf8("\"79228162514264337593543950335\""))), mustRefuse: true, code: "malformed_amount");
        AddCheckoutBody("NUL in customer.id", FuzzJson.With(CheckoutOrder(), ("customer.id", Utf8("\"cus_\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddCheckoutBody("NUL in customer.email", FuzzJson.With(CheckoutOrder(), ("customer.email", Utf8("\"a\\u0000@example.com\""))), mustRefuse: true, code: "invalid_identifier");
        AddCheckoutBody("NUL in a sku", FuzzJson.With(CheckoutOrder(), ("items.0.sku", Utf8("\"ebook\\u0000\""))), mustRefuse: true, code: "invalid_identifier");
        AddCheckoutBody("NUL in customer.name", FuzzJson.With(CheckoutOrder(), ("customer.name", Utf8("\"Ada\\u0000\""))), mustRefuse: true, code: "invalid_text");
        AddCheckoutBody("text/plain body", FuzzJson.With(CheckoutOrder()), contentType: "text/plain", mustRefuse: true, code: "unsupported_media_type");
        // Kestrel refuses a NUL in the path itself, with a bare 400; other controls reach the edge's checks.
        Add("checkout", "NUL in the order id of the path", HttpMethod.Get, "/api/orders/ord%00", headers: Storefront(), mustRefuse: true);
        Add("checkout", "control character in the order id of the path", HttpMethod.Get, "/api/orders/ord%01", headers: Storefront(), mustRefuse: true, code: "invalid_identifier");
        Add("checkout", "invalid UTF-8 in the order id of the path", HttpMethod.Get, "/api/orders/ord%FF", headers: Storefront(), mustRefuse: true, code: "invalid_url_encoding");
        Add("pesapal", "invalid UTF-8 in OrderMerchantReference (query)", HttpMethod.Get,
            $"/webhooks/pesapal?OrderTrackingId={tracking}&OrderMerchantReference={HostileValues.Escape(known)}%C0%80", mustRefuse: true, code: "invalid_url_encoding");
        Add("checkout", "NUL in a payment reference", HttpMethod.Post, $"/api/orders/{HostileValues.Escape(known)}/payment-references",
            Utf8("{\"provider\":\"paypal\",\"reference\":\"5O19\\u0000\"}"), Json, Storefront(), mustRefuse: true, code: "invalid_reference");
        Add("checkout", "a Stripe payment reference", HttpMethod.Post, $"/api/orders/{HostileValues.Escape(known)}/payment-references",
            Utf8("{\"provider\":\"stripe\",\"reference\":\"pi_1\"}"), Json, Storefront(), mustRefuse: true, code: "reference_not_needed");
        Add("checkout", "control character in the order id of a payment reference", HttpMethod.Post, "/api/orders/ord%01/payment-references",
            Utf8("{\"provider\":\"paypal\",\"reference\":\"5O190127TN364715T\"}"), Json, Storefront(), mustRefuse: true, code: "invalid_identifier");
        Add("checkout", "tab in the Idempotency-Key", HttpMethod.Post, "/api/orders", FuzzJson.With(CheckoutOrder()), Json,
            [.. Storefront(), new("Idempotency-Key", "key\tone")], mustRefuse: true, code: "invalid_identifier");
        Add("admin", "C1 control in a customer id of the path", HttpMethod.Put, $"/admin/customers/%C2%9B/entitlements/{HostileValues.Escape(known)}%3Aebook/limit",
            Utf8("{\"allowed\":5}"), Json, Admin(), mustRefuse: true, code: "invalid_identifier");
        Add("admin", "NUL in a refund reason", HttpMethod.Post, $"/admin/orders/{HostileValues.Escape(known)}/refund",
            Utf8("{\"reason\":\"fraud\\u0000\"}"), Json, Admin(), mustRefuse: true, code: "invalid_text");
        Add("admin", "NUL in a product name", HttpMethod.Put, "/admin/products/fuzz-sku",
            FuzzJson.With(Product("fuzz-sku"), ("name", Utf8("\"Guide\\u0000\""))), Json, Admin(), mustRefuse: true, code: "invalid_text");
        Add("admin", "bad before in a stream query", HttpMethod.Get, "/admin/alerts?before=abc", headers: Admin(), mustRefuse: true);
        Add("buyer", "bidirectional override in an entitlement id", HttpMethod.Post, "/api/customers/cus_1/entitlements/%E2%80%AEx/downloads", headers: Storefront(), mustRefuse: true, code: "invalid_identifier");

        // Oversized bodies, announced and chunked, on every endpoint that reads one.
        foreach (var chunked in new[] { false, true })
        {
            var padding = Utf8("\"" + new string('x', OneMiB) + "\"");
            AddStripeSigned("body over 1 MiB", FuzzJson.With(StripeEvent("payment_intent.succeeded", known), ("padding", padding)), mustRefuse: true, code: "body_too_large", chunked: chunked);
            AddPayPalSigned("body over 1 MiB", FuzzJson.With(PayPalEvent("PAYMENT.CAPTURE.COMPLETED", known), ("padding", padding)), mustRefuse: true, code: "body_too_large", chunked: chunked);
            AddSupplierSigned("body over 1 MiB", FuzzJson.With(SupplierEvent(known), ("padding", padding)), mustRefuse: true, code: "body_too_large", chunked: chunked);
            Add("pesapal", "body over 1 MiB", HttpMethod.Post, "/webhooks/pesapal", FuzzJson.With(PesaPalIpn(tracking, known), ("padding", padding)), Json,
                mustRefuse: true, code: "body_too_large", chunked: chunked);
            AddCheckoutBody("body over 1 MiB", FuzzJson.With(CheckoutOrder(), ("padding", padding)), mustRefuse: true, code: "body_too_large", chunked: chunked);
            Add("admin", "body over 1 MiB", HttpMethod.Put, "/admin/products/fuzz-sku", FuzzJson.With(Product("fuzz-sku"), ("padding", padding)), Json, Admin(),
                mustRefuse: true, code: "body_too_large", chunked: chunked);
            Add("checkout", "payment reference body over 1 MiB", HttpMethod.Post, $"/api/orders/{HostileValues.Escape(known)}/payment-references",
                FuzzJson.With(new JsonObject { ["provider"] = "paypal", ["reference"] = "5O190127TN364715T" }, ("padding", padding)), Json, Storefront(),
                mustRefuse: true, code: "body_too_large", chunked: chunked);
            Add("admin", "body over 1 MiB", HttpMethod.Post, $"/admin/orders/{HostileValues.Escape(known)}/refund",
                FuzzJson.With(new JsonObject { ["reason"] = "x" }, ("padding", padding)), Json, Admin(), mustRefuse: true, code: "body_too_large", chunked: chunked);
        }
    }

    // ---- payment webhooks ---------------------------------------------------------------------------------------

    private void AddStripe()
    {
        var type = Pick(StripeTypes);
        var identifiers = type switch
        {
            "checkout.session.completed" => new[] { "id", "data.object.payment_intent", "data.object.metadata.order_id" },
            "charge.refunded" => ["id", "data.object.payment_intent", "data.object.metadata.order_id"],
            _ => ["id", "data.object.id", "data.object.metadata.order_id"],
        };
        string[] others =
        [
            "type", "object", "data", "data.object", "data.object.object", "data.object.amount", "data.object.amount_received", "data.object.amount_total",
            "data.object.amount_refunded", "data.object.currency", "data.object.metadata", "data.object.client_reference_id", "data.object.payment_status",
            "data.object.id", "junk", "data.object.metadata.junk",
        ];
        var roll = _random.Next(100);
        if (roll < 30)
        {
            var path = Pick(identifiers);
            var order = Chance(0.5) ? Known() : Unknown();
            AddStripeSigned($"hostile {path}", FuzzJson.With(StripeEvent(type, order), (path, RefusedIdentifierValue())), mustRefuse: true, contentType: JsonishContentType());
        }
        else if (roll < 45)
        {
            var body = FuzzJson.With(StripeEvent(type, Known()));
            var (what, header) = BadStripeSignature(body);
            Add("stripe", $"{type}: {what}", HttpMethod.Post, "/webhooks/stripe", body, Json, header is null ? [] : [new("Stripe-Signature", header)], mustRefuse: true);
        }
        else if (roll < 75)
        {
            AddStripeSigned($"{type}: fields mutated", Mutated(StripeEvent(type, Unknown()), [.. identifiers, .. others]), mustRefuse: false);
        }
        else if (roll < 85)
        {
            AddStripeSigned($"{type}: bytes damaged", FuzzJson.Damage(FuzzJson.With(StripeEvent(type, Unknown())), _random), mustRefuse: false);
        }
        else if (roll < 92)
        {
            AddStripeSigned($"{type}: odd content type", FuzzJson.With(StripeEvent(type, Unknown())), mustRefuse: false, contentType: Pick(OddContentTypes));
        }
        else if (roll < 96)
        {
            AddStripeSigned("random bytes", FuzzJson.RandomBytes(_random, _random.Next(0, 2048)), mustRefuse: false);
        }
        else
        {
            var body = FuzzJson.With(StripeEvent(type, Known()));
            Add("stripe", "wrong method", Pick([HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch]), "/webhooks/stripe", body, Json,
                [new("Stripe-Signature", StripeHeader(body, _targets.StripeSecret, _targets.Now))], mustRefuse: true);
        }
    }

    private void AddPayPal()
    {
        var type = Pick(PayPalTypes);
        var refund = type is "PAYMENT.CAPTURE.REFUNDED" or "PAYMENT.CAPTURE.REVERSED";
        var identifiers = refund ? new[] { "id", "resource.custom_id" } : ["id", "resource.id", "resource.custom_id"];
        string[] others =
        [
            "event_type", "resource", "resource.amount", "resource.amount.value", "resource.amount.currency_code", "resource.invoice_id", "resource.links",
            "resource.links.0.href", "resource.links.1.href", "resource.links.1.rel", "resource.status", "resource.id", "summary", "junk",
        ];
        var roll = _random.Next(100);
        if (roll < 28)
        {
            var path = Pick(identifiers);
            var order = Chance(0.5) ? Known() : Unknown();
            AddPayPalSigned($"hostile {path}", FuzzJson.With(PayPalEvent(type, order), (path, RefusedIdentifierValue())), mustRefuse: true);
        }
        else if (roll < 33)
        {
            AddPayPalSigned("hostile capture id in the up link", PayPalRefund(Chance(0.5) ? Known() : Unknown(), Pick(["%00", "CAP%00", "%01x", "%7F", "%C2%85", "%EF%BF%BF", "%E2%80%AE"])), mustRefuse: true);
        }
        else if (roll < 48)
        {
            var body = FuzzJson.With(PayPalEvent(type, Known()));
            var (what, headers) = BadPayPalSignature(body);
            Add("paypal", $"{type}: {what}", HttpMethod.Post, "/webhooks/paypal", body, Json, headers, mustRefuse: true);
        }
        else if (roll < 78)
        {
            AddPayPalSigned($"{type}: fields mutated", Mutated(PayPalEvent(type, Unknown()), [.. identifiers, .. others]), mustRefuse: false);
        }
        else if (roll < 88)
        {
            AddPayPalSigned($"{type}: bytes damaged", FuzzJson.Damage(FuzzJson.With(PayPalEvent(type, Unknown())), _random), mustRefuse: false);
        }
        else if (roll < 95)
        {
            AddPayPalSigned($"{type}: odd content type", FuzzJson.With(PayPalEvent(type, Unknown())), mustRefuse: false, contentType: Pick(OddContentTypes));
        }
        else
        {
            AddPayPalSigned("random bytes", FuzzJson.RandomBytes(_random, _random.Next(0, 2048)), mustRefuse: false);
        }
    }

    private void AddPesaPalQuery()
    {
        var tracking = "trk-" + _random.Next().ToString(CultureInfo.InvariantCulture);
        var roll = _random.Next(100);
        string query;
        bool mustRefuse;
        if (roll < 45)
        {
            var reference = HostileValues.Escape(Chance(0.5) ? Known() : Unknown());
            var hostile = Chance(0.5) ? HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings)) : Pick(HostileValues.RefusedPercentEncoded);
            query = Chance(0.5)
                ? $"OrderTrackingId={hostile}&OrderMerchantReference={reference}"
                : $"OrderTrackingId={tracking}&OrderMerchantReference={(Chance(0.5) ? reference + hostile : hostile)}";
            if (Chance(0.5))
            {
                query += "&OrderNotificationType=IPNCHANGE";
            }

            mustRefuse = true;
        }
        else if (roll < 60)
        {
            var reference = HostileValues.Escape(Chance(0.5) ? Known() : Unknown());
            query = Pick(
            [
                $"OrderMerchantReference={reference}",
                $"OrderTrackingId={tracking}",
                $"OrderTrackingId={tracking}&OrderTrackingId=other&OrderMerchantReference={reference}",
                $"OrderTrackingId={tracking}&OrderMerchantReference={reference}&OrderMerchantReference=other",
                $"OrderTrackingId=%20%20&OrderMerchantReference={reference}",
                $"OrderTrackingId={tracking}&OrderMerchantReference=",
                "",
            ]);
            mustRefuse = true;
        }
        else if (roll < 72)
        {
            var reference = Chance(0.5) ? HostileValues.Escape(Known()) : HostileValues.Escape(Unknown());
            // Not U+0085 alone: a type that is only whitespace is no type, and the default applies.
            query = $"OrderTrackingId={tracking}&OrderMerchantReference={reference}&OrderNotificationType=IPN{Pick(HostileValues.RefusedPercentEncoded)}";
            mustRefuse = true;
        }
        else
        {
            query = $"OrderTrackingId={tracking}{Pick(HostileValues.OddUrlText)}&OrderMerchantReference={HostileValues.Escape(Unknown())}"
                + $"&OrderNotificationType={Pick(["IPNCHANGE", "RECURRING", "%20", Pick(HostileValues.OddUrlText)])}&{Pick(HostileValues.OddUrlText)}={Pick(HostileValues.OddUrlText)}";
            mustRefuse = false;
        }

        var post = Chance(0.3);
        Add("pesapal", "hostile query", post ? HttpMethod.Post : HttpMethod.Get, "/webhooks/pesapal?" + query, body: post ? [] : null, mustRefuse: mustRefuse);
    }

    private void AddPesaPalBody()
    {
        var tracking = "trk-" + _random.Next().ToString(CultureInfo.InvariantCulture);
        var roll = _random.Next(100);
        if (roll < 40)
        {
            var path = Pick(["OrderTrackingId", "OrderMerchantReference"]);
            Add("pesapal", $"hostile {path}", HttpMethod.Post, "/webhooks/pesapal",
                FuzzJson.With(PesaPalIpn(tracking, Chance(0.5) ? Known() : Unknown()), (path, RefusedIdentifierValue())), JsonishContentType(), mustRefuse: true);
        }
        else if (roll < 70)
        {
            Add("pesapal", "fields mutated", HttpMethod.Post, "/webhooks/pesapal",
                Mutated(PesaPalIpn(tracking, Unknown()), ["OrderTrackingId", "OrderMerchantReference", "OrderNotificationType", "orderMerchantReference", "junk"]), Json);
        }
        else if (roll < 85)
        {
            Add("pesapal", "bytes damaged", HttpMethod.Post, "/webhooks/pesapal", FuzzJson.Damage(FuzzJson.With(PesaPalIpn(tracking, Unknown())), _random), Json);
        }
        else if (roll < 95)
        {
            Add("pesapal", "odd content type", HttpMethod.Post, "/webhooks/pesapal", FuzzJson.With(PesaPalIpn(tracking, Unknown())), Pick(OddContentTypes));
        }
        else
        {
            Add("pesapal", "random bytes", HttpMethod.Post, "/webhooks/pesapal", FuzzJson.RandomBytes(_random, _random.Next(1, 2048)), Json);
        }
    }

    private void AddSupplier()
    {
        string[] identifiers = ["event_id", "order_id", "reference", "status"];
        string[] others =
        [
            "items", "items.0", "items.0.code", "items.0.pin", "items.0.serial", "items.0.denomination", "items.1", "occurred_at", "status", "junk",
        ];
        var roll = _random.Next(100);
        if (roll < 30)
        {
            var path = Pick(identifiers);
            AddSupplierSigned($"hostile {path}", FuzzJson.With(SupplierEvent(Chance(0.5) ? Known() : Unknown()), (path, RefusedIdentifierValue())), mustRefuse: true);
        }
        else if (roll < 45)
        {
            var body = FuzzJson.With(SupplierEvent(Known()));
            var (what, headers) = BadSupplierSignature(body);
            Add("supplier", what, HttpMethod.Post, "/webhooks/supplier", body, Json, headers, mustRefuse: true);
        }
        else if (roll < 75)
        {
            AddSupplierSigned("fields mutated", Mutated(SupplierEvent(Unknown()), [.. identifiers, .. others]), mustRefuse: false);
        }
        else if (roll < 85)
        {
            AddSupplierSigned("bytes damaged", FuzzJson.Damage(FuzzJson.With(SupplierEvent(Unknown())), _random), mustRefuse: false);
        }
        else if (roll < 92)
        {
            AddSupplierSigned("odd content type", FuzzJson.With(SupplierEvent(Unknown())), mustRefuse: false, contentType: Pick(OddContentTypes));
        }
        else
        {
            AddSupplierSigned("random bytes", FuzzJson.RandomBytes(_random, _random.Next(0, 2048)), mustRefuse: false);
        }
    }

    // ---- the storefront's and operators' APIs ------------------------------------------------------------------

    private void AddCheckout()
    {
        var roll = _random.Next(100);
        if (roll < 30)
        {
            var path = Pick(["customer.email", "customer.id", "items.0.sku", "customer.name"]);
            var raw = path == "customer.name" ? Pick(HostileValues.RefusedAsText) : RefusedIdentifierValue();
            AddCheckoutBody($"hostile {path}", FuzzJson.With(CheckoutOrder(), (path, raw)), mustRefuse: true, contentType: JsonishContentType());
        }
        else if (roll < 40)
        {
            AddCheckoutBody("hostile quantity", FuzzJson.With(CheckoutOrder(), ("items.0.quantity", Pick([.. HostileValues.RefusedAsNumber, Utf8("0"), Utf8("-1"), Utf8("101"), Utf8("2147483648")]))), mustRefuse: true);
        }
        else if (roll < 50)
        {
            var (what, headers) = BadApiKey(_targets.StorefrontKey);
            Add("checkout", what, HttpMethod.Post, "/api/orders", FuzzJson.With(CheckoutOrder()), Json, headers, mustRefuse: true);
        }
        else if (roll < 57)
        {
            var key = Pick(["a\tb", new string('k', 201), new string('k', 5000), " \t "]);
            Add("checkout", "hostile Idempotency-Key", HttpMethod.Post, "/api/orders", FuzzJson.With(CheckoutOrder()), Json,
                [.. Storefront(), new("Idempotency-Key", key)], mustRefuse: key.Trim().Length > 0);
        }
        else if (roll < 62)
        {
            var items = new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["sku"] = $"fuzz-sku-{i}", ["quantity"] = 1 }).ToArray());
            var order = CheckoutOrder();
            order["items"] = items;
            AddCheckoutBody("too many lines", FuzzJson.With(order), mustRefuse: true);
        }
        else if (roll < 85)
        {
            AddCheckoutBody("fields mutated", Mutated(CheckoutOrder(), ["customer", "customer.email", "customer.name", "customer.id", "items", "items.0", "items.0.sku", "items.0.quantity", "items.1", "junk"]), mustRefuse: false);
        }
        else if (roll < 93)
        {
            AddCheckoutBody("bytes damaged", FuzzJson.Damage(FuzzJson.With(CheckoutOrder()), _random), mustRefuse: false);
        }
        else
        {
            var id = Pick([.. HostileValues.RefusedPercentEncoded, HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings))]);
            Add("checkout", "hostile order id", HttpMethod.Get, $"/api/orders/{id}", headers: Storefront(), mustRefuse: true);
        }
    }

    private void AddAdmin()
    {
        var roll = _random.Next(100);
        if (roll < 22)
        {
            // Every product change here is refused at the edge: a catalog turn would be a change.
            var sku = "fuzz-sku-" + _random.Next(1000).ToString(CultureInfo.InvariantCulture);
            var (body, what) = _random.Next(4) switch
            {
                0 => (FuzzJson.With(Product(sku), (Pick(["priceMinor", "downloadLimit"]), Pick(HostileValues.RefusedAsNumber))), "hostile number"),
                1 => (FuzzJson.With(Product(sku), (Pick(["kind", "requiresPin"]), Pick([Utf8("\"nonsense\""), Utf8("[]"), Utf8("{}"), Utf8("\"\\u0000\"")]))), "hostile kind"),
                2 => (Truncated(FuzzJson.With(Product(sku))), "truncated"),
                _ => (FuzzJson.With(Product(sku), (Pick(ProductTextPaths), Pick([.. HostileValues.RefusedAsText, Utf8("[]"), Utf8("{}"), Utf8("12")]))), "hostile text"),
            };
            Add("admin", $"product: {what}", HttpMethod.Put, $"/admin/products/{sku}", body, JsonishContentType(), Admin(), mustRefuse: true);
        }
        else if (roll < 30)
        {
            var body = _random.Next(3) switch
            {
                0 => Truncated(FuzzJson.With(Settings())),
                _ => FuzzJson.With(Settings(), (Pick(SettingsTextPaths), Pick([.. HostileValues.RefusedAsText, Utf8("[]"), Utf8("{}"), Utf8("12")]))),
            };
            Add("admin", "settings: hostile", HttpMethod.Put, "/admin/settings", body, Json, Admin(), mustRefuse: true);
        }
        else if (roll < 34)
        {
            var sku = Pick([.. HostileValues.RefusedPercentEncoded, HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings))]);
            Add("admin", "hostile sku in the path", Pick([HttpMethod.Put, HttpMethod.Delete]), $"/admin/products/{sku}", FuzzJson.With(Product("fuzz-sku")), Json, Admin(), mustRefuse: true);
        }
        else if (roll < 44)
        {
            var reason = _random.Next(4) switch
            {
                0 => Truncated(Utf8("{\"reason\":\"customer asked\"}")),
                1 => Utf8("{\"reason\":" + Encoding.UTF8.GetString(Pick([Utf8("123"), Utf8("[]"), Utf8("{}"), Utf8("true"), Utf8("null"), Utf8("\"  \""), Utf8("\"\"")])) + "}"),
                _ => FuzzJson.With(new JsonObject { ["reason"] = "x" }, ("reason", Pick(HostileValues.RefusedAsText))),
            };
            Add("admin", "refund: hostile reason", HttpMethod.Post, $"/admin/orders/{HostileValues.Escape(Known())}/refund", reason, Json, Admin(), mustRefuse: true);
        }
        else if (roll < 52)
        {
            var codes = _random.Next(6) switch
            {
                0 => Utf8("{\"codes\":[]}"),
                1 => Utf8("{\"codes\":null}"),
                2 => Utf8("{\"codes\":[null]}"),
                3 => Utf8("{\"codes\":[" + string.Join(',', Enumerable.Repeat("{\"code\":\"C\"}", Gateway.Api.AdminEndpoints.MaxDeliveredCodes + 1)) + "]}"),
                4 => FuzzJson.With(new JsonObject { ["codes"] = new JsonArray(new JsonObject { ["code"] = "ABC-123", ["pin"] = "1" }) }, ("codes.0.pin", Pick(HostileValues.RefusedAsText))),
                _ => FuzzJson.With(new JsonObject { ["codes"] = new JsonArray(new JsonObject { ["code"] = "ABC-123" }) }, ("codes.0.code", Pick([.. HostileValues.RefusedAsText, Utf8("null"), Utf8("12"), Utf8("\"\"")]))),
            };
            Add("admin", "mark-delivered: hostile codes", HttpMethod.Post, $"/admin/orders/{HostileValues.Escape(Known())}/mark-delivered", codes, Json, Admin(), mustRefuse: true);
        }
        else if (roll < 60)
        {
            var id = Chance(0.5) ? HostileValues.Escape(Unknown()) : Pick([.. HostileValues.RefusedPercentEncoded, HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings))]);
            var action = Pick(["retry", "resend", "refund", "mark-delivered"]);
            var headers = Admin();
            if (Chance(0.3))
            {
                headers = [.. headers, new("X-Operator", Pick(["a\tb", new string('o', 101), new string('o', 5000), "ops"]))];
            }

            Add("admin", $"{action} on an unknown or hostile order", HttpMethod.Post, $"/admin/orders/{id}/{action}", Utf8("{\"reason\":\"r\",\"codes\":[{\"code\":\"C\"}]}"), Json, headers, mustRefuse: true);
        }
        else if (roll < 70)
        {
            var customer = _random.Next(3) switch
            {
                0 => HostileValues.Escape(Pick(_targets.KnownCustomers)),
                1 => HostileValues.Escape(Unknown()),
                _ => Pick([.. HostileValues.RefusedPercentEncoded, HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings))]),
            };
            var entitlement = Chance(0.5) ? HostileValues.Escape(Unknown() + ":ebook") : Pick([.. HostileValues.RefusedPercentEncoded, HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings))]);
            if (Chance(0.5))
            {
                var allowed = Pick([.. HostileValues.RefusedAsNumber, Utf8("5"), Utf8("0"), Utf8("-1"), Utf8("null")]);
                Add("admin", "download limit", HttpMethod.Put, $"/admin/customers/{customer}/entitlements/{entitlement}/limit",
                    Utf8("{\"allowed\":" + Encoding.UTF8.GetString(allowed) + "}"), Json, Admin(), mustRefuse: true);
            }
            else
            {
                Add("admin", "download reset", HttpMethod.Post, $"/admin/customers/{customer}/entitlements/{entitlement}/reset", headers: Admin(), mustRefuse: true);
            }
        }
        else if (roll < 82)
        {
            var (path, mustRefuse) = _random.Next(6) switch
            {
                0 => ($"/admin/orders/{HostileValues.Escape(Chance(0.5) ? Known() : Unknown())}", false),
                1 => ($"/admin/orders/{Pick(HostileValues.RefusedPercentEncoded)}", true),
                2 => ($"/admin/customers/{HostileValues.Escape(Chance(0.5) ? Pick(_targets.KnownCustomers) : Unknown())}", false),
                3 => ($"/admin/customers/{Pick(HostileValues.RefusedPercentEncoded)}", true),
                4 => ($"/admin/{Pick(["deliveries", "alerts", "downloads", "unmatched-webhooks"])}?{Pick(["before", "limit"])}={Pick(["abc", "-1", "0", "99999999999999999999", "", "%00", "1e3", "9223372036854775807", "-9223372036854775808"])}", false),
                _ => ($"/admin/{Pick(["review", "products", "settings"])}", false),
            };
            Add("admin", "read", HttpMethod.Get, path, headers: Admin(), mustRefuse: mustRefuse);
        }
        else if (roll < 88)
        {
            Add("admin", "review", HttpMethod.Get, $"/admin/review?{Pick(["limit", "before", "x"])}={Pick(["abc", "-1", "0", "%00", "99999999999999999999"])}", headers: Admin(), mustRefuse: false);
        }
        else
        {
            var (what, headers) = BadApiKey(_targets.AdminKey);
            var (method, path) = Pick(
            [
                (HttpMethod.Get, "/admin/products"),
                (HttpMethod.Put, "/admin/settings"),
                (HttpMethod.Post, $"/admin/orders/{HostileValues.Escape(Known())}/retry"),
                (HttpMethod.Post, $"/admin/orders/{HostileValues.Escape(Known())}/refund"),
                (HttpMethod.Get, "/admin/unmatched-webhooks"),
                (HttpMethod.Get, "/admin/review"),
                (HttpMethod.Put, "/admin/files/fuzz/file.bin"),
            ]);
            Add("admin", what, method, path, Utf8("{\"reason\":\"r\"}"), Json, headers, mustRefuse: true);
        }
    }

    private void AddBuyerPagesAndFiles()
    {
        var token = _random.Next(5) switch
        {
            0 => "v1.abc.def.ghi",
            1 => HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings)),
            2 => Pick(HostileValues.RefusedPercentEncoded),
            3 => "v1." + new string('A', _random.Next(2000, 3000)),
            _ => Convert.ToBase64String(FuzzJson.RandomBytes(_random, _random.Next(1, 200))).Replace('/', '_').Replace('+', '-'),
        };
        var hostileId = Chance(0.4);
        var id = hostileId
            ? Pick([.. HostileValues.RefusedPercentEncoded, HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings))])
            : HostileValues.Escape(Chance(0.5) ? Unknown() : Pick(_targets.KnownCustomers));
        // Never an entitlement that exists: a download of one would be counted.
        var entitlement = Chance(0.5) ? HostileValues.Escape(Unknown() + ":ebook") : Pick([.. HostileValues.RefusedPercentEncoded, HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings))]);
        switch (_random.Next(10))
        {
            case 0:
                Add("buyer", "account token", HttpMethod.Get, $"/api/account/{token}", mustRefuse: true);
                break;
            case 1:
                Add("buyer", "account download", HttpMethod.Post, $"/api/account/{token}/entitlements/{entitlement}/downloads", mustRefuse: true);
                break;
            case 2:
                Add("buyer", "customer entitlements", HttpMethod.Get, $"/api/customers/{id}/entitlements", headers: Storefront(), mustRefuse: hostileId);
                break;
            case 3:
                Add("buyer", "customer download", HttpMethod.Post, $"/api/customers/{id}/entitlements/{entitlement}/downloads", headers: Storefront(), mustRefuse: true);
                break;
            case 4:
                Add("pages", "download page", Pick([HttpMethod.Get, HttpMethod.Head, HttpMethod.Post]), $"/download/{token}", mustRefuse: true);
                break;
            case 5:
                Add("pages", "account page", Pick([HttpMethod.Get, HttpMethod.Head]), $"/account/{token}", mustRefuse: true);
                break;
            case 6:
                Add("pages", "order page", HttpMethod.Get, $"/order/{token}", mustRefuse: true);
                break;
            case 7:
                Add("files", "signed file URL", HttpMethod.Get,
                    $"/files/{Pick(["ebooks/guide.pdf", "..%2F..%2Fetc%2Fpasswd", "%00", ".hidden", "a//b", new string('k', 600)])}?expires={Pick(["1", "-1", "abc", "99999999999999999999", "%00"])}&ref=%00&name={Pick(["a.pdf", "%00", "%0D%0AX: y"])}&sig={token}",
                    mustRefuse: true);
                break;
            case 8:
                var (key, type) = Pick(
                [
                    (HostileValues.Escape(Pick(HostileValues.RefusedIdentifierStrings)), "application/pdf"),
                    ("..%2Fescape.bin", "application/pdf"),
                    ("fuzz/%00.bin", "application/pdf"),
                    ("fuzz/file.bin", "multipart/form-data; boundary=x"),
                    ("fuzz/file.bin", "*/*"),
                    ("fuzz/file.bin", "garbage;;;"),
                ]);
                Add("files", "upload", HttpMethod.Put, $"/admin/files/{key}", FuzzJson.RandomBytes(_random, 64), type, Admin(), mustRefuse: true);
                break;
            default:
                Add("files", "upload without a content type", HttpMethod.Put, "/admin/files/fuzz/file.bin", FuzzJson.RandomBytes(_random, 64), null, Admin(), mustRefuse: true);
                break;
        }
    }

    private void AddHttpOddities()
    {
        switch (_random.Next(6))
        {
            case 0:
                Add("http", "health", HttpMethod.Get, "/health");
                break;
            case 1:
                Add("http", "unmapped path", Pick([HttpMethod.Get, HttpMethod.Post, HttpMethod.Options]),
                    "/" + Pick(["%00", "webhooks/%00", "api/orders/a/b/c", "webhooks", ".env", "admin/..%2F..%2F", Pick(HostileValues.OddUrlText)]));
                break;
            case 2:
                Add("http", "method not allowed", Pick([HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Put]),
                    Pick(["/api/orders", "/webhooks/pesapal", "/webhooks/supplier", "/webhooks/stripe"]), Utf8("{}"), Json, Storefront(), mustRefuse: true);
                break;
            case 3:
                Add("http", "request line too long", HttpMethod.Get, "/api/orders/" + new string('x', 20_000), headers: Storefront(), mustRefuse: true);
                break;
            case 4:
                Add("http", "header too large", HttpMethod.Get, "/api/orders/x", headers: [.. Storefront(), new("X-Fuzz", new string('h', 40_000))], mustRefuse: true);
                break;
            default:
                Add("http", "odd header on a webhook", HttpMethod.Post, "/webhooks/stripe", FuzzJson.With(StripeEvent("payment_intent.succeeded", Known())), Json,
                    [new("Stripe-Signature", Pick(["t=,v1=", "t=1", "v1=", ",,,", "=", "t=1,v1=" + new string('0', 64) + ",t=2"]))], mustRefuse: true);
                break;
        }
    }

    // ---- templates ----------------------------------------------------------------------------------------------

    private JsonObject StripeEvent(string type, string orderId)
    {
        var n = _random.Next().ToString(CultureInfo.InvariantCulture);
        JsonObject dataObject = type switch
        {
            "checkout.session.completed" => new()
            {
                ["id"] = "cs_" + n, ["object"] = "checkout.session", ["amount_total"] = 1999, ["currency"] = "usd", ["client_reference_id"] = orderId,
                ["metadata"] = new JsonObject { ["order_id"] = orderId }, ["payment_intent"] = "pi_" + n, ["payment_status"] = "paid",
            },
            "charge.refunded" => new()
            {
                ["id"] = "ch_" + n, ["object"] = "charge", ["amount"] = 1999, ["amount_refunded"] = 1999, ["currency"] = "usd",
                ["metadata"] = new JsonObject { ["order_id"] = orderId }, ["payment_intent"] = "pi_" + n,
            },
            _ => new()
            {
                ["id"] = "pi_" + n, ["object"] = "payment_intent", ["amount"] = 1999, ["amount_received"] = 1999, ["currency"] = "usd",
                ["metadata"] = new JsonObject { ["order_id"] = orderId }, ["status"] = "succeeded",
            },
        };
        return new JsonObject
        {
            ["id"] = "evt_" + n,
            ["object"] = "event",
            ["type"] = type,
            ["created"] = 1_768_478_400,
            ["data"] = new JsonObject { ["object"] = dataObject },
        };
    }

    private JsonObject PayPalEvent(string type, string orderId)
    {
        var n = _random.Next().ToString(CultureInfo.InvariantCulture);
        var refund = type is "PAYMENT.CAPTURE.REFUNDED" or "PAYMENT.CAPTURE.REVERSED";
        var resource = new JsonObject
        {
            ["id"] = (refund ? "REF-" : "CAP-") + n,
            ["amount"] = new JsonObject { ["currency_code"] = "USD", ["value"] = "19.99" },
            ["custom_id"] = orderId,
            ["status"] = "COMPLETED",
        };
        if (refund)
        {
            resource["links"] = new JsonArray(
                new JsonObject { ["href"] = $"https://api.sandbox.paypal.com/v2/payments/refunds/REF-{n}", ["rel"] = "self" },
                new JsonObject { ["href"] = $"https://api.sandbox.paypal.com/v2/payments/captures/CAP-{n}", ["rel"] = "up" });
        }

        return new JsonObject
        {
            ["id"] = "WH-" + n,
            ["event_version"] = "1.0",
            ["event_type"] = type,
            ["summary"] = type,
            ["resource"] = resource,
        };
    }

    private byte[] PayPalRefund(string orderId, string encodedCaptureId)
    {
        var body = FuzzJson.With(PayPalEvent("PAYMENT.CAPTURE.REFUNDED", orderId), ("resource.links.1.href", Utf8($"\"https://api.sandbox.paypal.com/v2/payments/captures/{encodedCaptureId}\"")));
        return body;
    }

    private static JsonObject PesaPalIpn(string trackingId, string reference) => new()
    {
        ["OrderNotificationType"] = "IPNCHANGE",
        ["OrderTrackingId"] = trackingId,
        ["OrderMerchantReference"] = reference,
    };

    private JsonObject SupplierEvent(string reference)
    {
        var n = _random.Next().ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["event_id"] = "sev_" + n,
            ["order_id"] = "sup_" + n,
            ["reference"] = reference,
            ["status"] = Pick(["completed", "pending", "failed"]),
            ["items"] = new JsonArray(new JsonObject { ["code"] = "AAAA-BBBB-" + n, ["pin"] = "1234", ["serial"] = n, ["denomination"] = 20 }),
            ["occurred_at"] = "2030-01-01T00:00:00Z",
        };
    }

    private JsonObject CheckoutOrder() => new()
    {
        ["customer"] = new JsonObject { ["email"] = $"fuzz-{_random.Next(1000)}@example.com", ["name"] = "Ada Fuzz", ["id"] = "cus_fuzz_" + _random.Next(1000).ToString(CultureInfo.InvariantCulture) },
        ["items"] = new JsonArray(new JsonObject { ["sku"] = "fuzz-sku-" + _random.Next(1000).ToString(CultureInfo.InvariantCulture), ["quantity"] = 1 }),
    };

    private static JsonObject Product(string sku) => new()
    {
        ["sku"] = sku,
        ["name"] = "Fuzz Guide",
        ["priceMinor"] = 1999,
        ["currency"] = "USD",
        ["kind"] = "file",
        ["downloadLimit"] = 3,
        ["fileKey"] = "fuzz/guide.pdf",
        ["fileName"] = "guide.pdf",
        ["instructions"] = "Open it.",
    };

    private static JsonObject Settings() => new()
    {
        ["storeName"] = "Fuzz Shop",
        ["logoUrl"] = "https://shop.example/logo.png",
        ["supportEmail"] = "support@shop.example",
        ["senderAddress"] = "orders@shop.example",
        ["senderName"] = "Fuzz Shop",
    };

    // ---- signing and senders ------------------------------------------------------------------------------------

    private void AddStripeSigned(string what, byte[] body, bool mustRefuse, string? code = null, string? contentType = Json, bool chunked = false) =>
        Add("stripe", what, HttpMethod.Post, "/webhooks/stripe", body, contentType,
            [new("Stripe-Signature", StripeHeader(body, _targets.StripeSecret, _targets.Now))], mustRefuse, code, chunked);

    private void AddPayPalSigned(string what, byte[] body, bool mustRefuse, string? code = null, string? contentType = Json, bool chunked = false) =>
        Add("paypal", what, HttpMethod.Post, "/webhooks/paypal", body, contentType, PayPalHeaders(body, _targets.Now), mustRefuse, code, chunked);

    private void AddSupplierSigned(string what, byte[] body, bool mustRefuse, string? code = null, string? contentType = Json, bool chunked = false) =>
        Add("supplier", what, HttpMethod.Post, "/webhooks/supplier", body, contentType, SupplierHeaders(body, _targets.Now.ToUnixTimeSeconds()), mustRefuse, code, chunked);

    private void AddCheckoutBody(string what, byte[] body, bool mustRefuse, string? code = null, string? contentType = Json, bool chunked = false) =>
        Add("checkout", what, HttpMethod.Post, "/api/orders", body, contentType, Storefront(), mustRefuse, code, chunked);

    private void Add(
        string family,
        string what,
        HttpMethod method,
        string path,
        byte[]? body = null,
        string? contentType = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        bool mustRefuse = false,
        string? code = null,
        bool chunked = false) =>
        _cases.Add(new FuzzRequest(0, family, what, method, path, body, contentType, headers, mustRefuse, code, chunked));

    private static string StripeHeader(byte[] body, string secret, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={StripeSignature(body, secret, t)}";
    }

    private static string StripeSignature(byte[] body, string secret, string t) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.ASCII.GetBytes(t + "."), .. body]));

    private (string What, string? Header) BadStripeSignature(byte[] body)
    {
        var now = _targets.Now;
        var t = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return _random.Next(10) switch
        {
            0 => ("no signature", null),
            1 => ("signature not in Stripe's format", "garbage"),
            2 => ("timestamp not a number", $"t=abc,v1={StripeSignature(body, _targets.StripeSecret, "abc")}"),
            3 => ("signed with another secret", StripeHeader(body, "whsec_someone_else_0123456789", now)),
            4 => ("signed too long ago", StripeHeader(body, _targets.StripeSecret, now.AddMinutes(-10))),
            5 => ("signed in the future", StripeHeader(body, _targets.StripeSecret, now.AddMinutes(10))),
            6 => ("signature over another body", StripeHeader([.. body, (byte)' '], _targets.StripeSecret, now)),
            7 => ("only a v0 signature", $"t={t},v0={StripeSignature(body, _targets.StripeSecret, t)}"),
            8 => ("a huge header", $"t={t}," + string.Join(',', Enumerable.Repeat("v1=" + new string('0', 64), 200))),
            _ => ("timestamp overflowing", $"t=99999999999999999999,v1={StripeSignature(body, _targets.StripeSecret, "99999999999999999999")}"),
        };
    }

    private List<KeyValuePair<string, string>> PayPalHeaders(byte[] body, DateTimeOffset at, string? transmissionId = null)
    {
        transmissionId ??= "fuzz-" + _random.Next().ToString(CultureInfo.InvariantCulture);
        var time = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return
        [
            new("PAYPAL-TRANSMISSION-ID", transmissionId),
            new("PAYPAL-TRANSMISSION-TIME", time),
            new("PAYPAL-TRANSMISSION-SIG", _targets.PayPalSign(transmissionId, time, body)),
            new("PAYPAL-CERT-URL", _targets.PayPalCertificateUrl.AbsoluteUri),
            new("PAYPAL-AUTH-ALGO", "SHA256withRSA"),
        ];
    }

    private (string What, List<KeyValuePair<string, string>> Headers) BadPayPalSignature(byte[] body)
    {
        var headers = PayPalHeaders(body, _targets.Now);
        void Set(string name, string value) => headers[headers.FindIndex(h => h.Key == name)] = new(name, value);
        switch (_random.Next(10))
        {
            case 0:
                var missing = Pick(headers).Key;
                headers.RemoveAll(h => h.Key == missing);
                return ($"no {missing}", headers);
            case 1:
                Set("PAYPAL-AUTH-ALGO", "SHA1withRSA");
                return ("another algorithm", headers);
            case 2:
                Set("PAYPAL-CERT-URL", "https://evil.example/cert.pem");
                return ("certificate URL off the allow-list", headers);
            case 3:
                Set("PAYPAL-CERT-URL", new Uri(_targets.PayPalCertificateUrl, "/no-such-cert.pem").AbsoluteUri);
                return ("certificate URL that answers 404", headers);
            case 4:
                Set("PAYPAL-TRANSMISSION-SIG", "not base64 !!");
                return ("signature not base64", headers);
            case 5:
                Set("PAYPAL-TRANSMISSION-SIG", Convert.ToBase64String(FuzzJson.RandomBytes(_random, Pick([0, 1, 255, 256, 257, 512]))));
                return ("random signature bytes", headers);
            case 6:
                return ("sent too long ago", PayPalHeaders(body, _targets.Now.AddMinutes(-10)));
            case 7:
                Set("PAYPAL-TRANSMISSION-TIME", Pick(["yesterday", "9999-99-99", "", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]));
                return ("transmission time unreadable or far off", headers);
            case 8:
                return ("signature over another body", PayPalHeaders([.. body, (byte)' '], _targets.Now));
            default:
                Set("PAYPAL-CERT-URL", "not a url");
                return ("certificate URL not a URL", headers);
        }
    }

    private List<KeyValuePair<string, string>> SupplierHeaders(byte[] body, long unixSeconds) =>
    [
        new(_targets.Supplier.TimestampHeader, unixSeconds.ToString(CultureInfo.InvariantCulture)),
        new(_targets.Supplier.SignatureHeader, _targets.Supplier.Sign(body, unixSeconds)),
    ];

    private (string What, List<KeyValuePair<string, string>> Headers) BadSupplierSignature(byte[] body)
    {
        var now = _targets.Now.ToUnixTimeSeconds();
        var signature = _targets.Supplier.SignatureHeader;
        var timestamp = _targets.Supplier.TimestampHeader;
        return _random.Next(8) switch
        {
            0 => ("no signature", []),
            1 => ("no timestamp", [new(signature, _targets.Supplier.Sign(body, now))]),
            2 => ("timestamp not a number", [new(timestamp, "abc"), new(signature, _targets.Supplier.Sign(body, now))]),
            3 => ("timestamp overflowing", [new(timestamp, "99999999999999999999"), new(signature, "sha256=" + new string('0', 64))]),
            4 => ("signed too long ago", SupplierHeaders(body, now - 600)),
            5 => ("signature over another body", [new(timestamp, now.ToString(CultureInfo.InvariantCulture)), new(signature, _targets.Supplier.Sign([.. body, (byte)' '], now))]),
            6 => ("signature without its prefix", [new(timestamp, now.ToString(CultureInfo.InvariantCulture)), new(signature, _targets.Supplier.Sign(body, now)["sha256=".Length..])]),
            _ => ("signature not hex", [new(timestamp, now.ToString(CultureInfo.InvariantCulture)), new(signature, "sha256=" + new string('z', 64))]),
        };
    }

    private (string What, List<KeyValuePair<string, string>> Headers) BadApiKey(string validKey) => _random.Next(6) switch
    {
        0 => ("no API key", []),
        1 => ("wrong API key", [new("Authorization", "Bearer not-a-key")]),
        2 => ("empty bearer", [new("Authorization", "Bearer ")]),
        3 => ("wrong X-Api-Key", [new("X-Api-Key", "x")]),
        4 => ("huge API key", [new("Authorization", "Bearer " + new string('k', 10_000))]),
        _ => ("key of another scheme", [new("Authorization", "Basic " + validKey)]),
    };

    private List<KeyValuePair<string, string>> Storefront() => [new("Authorization", "Bearer " + _targets.StorefrontKey)];

    private List<KeyValuePair<string, string>> Admin() => [new("Authorization", "Bearer " + _targets.AdminKey)];

    // ---- picking ------------------------------------------------------------------------------------------------

    /// <summary>A JSON value that no identifier may be: every text the edge refuses, and what only identifiers refuse.</summary>
    private byte[] RefusedIdentifierValue() => Chance(0.8) ? Pick(HostileValues.RefusedAsText) : Pick(HostileValues.RefusedAsIdentifierOnly);

    /// <summary>The template with one to three fields replaced by anything at all, or removed.</summary>
    private byte[] Mutated(JsonObject template, string[] paths)
    {
        var changes = Enumerable.Range(0, _random.Next(1, 4))
            .Select(_ => (Pick(paths), Chance(0.15) ? null : _random.Next(3) switch
            {
                0 => Pick(HostileValues.RefusedAsText),
                1 => Pick(HostileValues.RefusedAsIdentifierOnly),
                _ => Pick(HostileValues.WrongTypes),
            }))
            .DistinctBy(c => c.Item1)
            .ToArray();
        return FuzzJson.With(template, changes);
    }

    private byte[] Truncated(byte[] body) => body[..(1 + _random.Next(body.Length - 1))];

    private string JsonishContentType() => Chance(0.8) ? Json : Pick(["application/json; charset=utf-8", "application/problem+json", "APPLICATION/JSON"]);

    private string Known() => Pick(_targets.KnownOrders);

    private string Unknown()
    {
        _unknown++;
        var n = _unknown.ToString(CultureInfo.InvariantCulture);
        // Valid identifiers of every shape, so the edge is seen to let real ones through.
        return FuzzTargets.UnknownPrefix + n + _random.Next(6) switch
        {
            0 => "-ордер",
            1 => "-🎁",
            2 => " with spaces",
            3 => "/2",
            4 => "-" + new string('x', 150),
            _ => "",
        };
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
