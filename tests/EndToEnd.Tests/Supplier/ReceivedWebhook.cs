using Orleans.Delivery.Gateway.Webhooks.Supplier;

namespace Orleans.Delivery.EndToEnd.Tests.Supplier;

internal sealed record ReceivedWebhook(SupplierWebhookVerification Verification, SupplierWebhookParseResult Parsed, byte[] Body);
