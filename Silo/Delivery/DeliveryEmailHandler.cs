using Orleans.Delivery.Gateway.Pages;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Silo.Mail;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Sends the order's delivery email (<see cref="SendDeliveryEmail"/>): one email per code or license line, one for all
/// file lines, branded with the store's settings. Each email's Message-ID comes from the effect's idempotency key, so
/// a resend after a lost acknowledgement carries the same id. It reports <see cref="DeliveryEmailSent"/> only once the
/// mail service accepted every email: that is what makes the order delivered. Transient mail failures throw, and the
/// outbox retries; a refusal by the mail service is retried too, and if it persists the effect is dead-lettered, which
/// the order turns into <see cref="DeliveryEmailFailed"/> (review and an order-undelivered alert).
/// </summary>
public sealed class DeliveryEmailHandler(IMailSender mail, IGrainFactory grains, PublicLinks links) : IEffectHandler
{
    public string Kind => OrderEffectKinds.DeliveryEmail;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var effect = (SendDeliveryEmail)context.Read(OrdersJsonContext.Default.OrderEffect);
        var catalog = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).GetAsync(effect.Items.Select(i => i.Sku).ToList(), cancellationToken);
        var settings = catalog.Settings ?? throw new InvalidOperationException("The store settings are not set; delivery emails need the store's name, sender and support address.");
        var order = await grains.GetGrain<IOrderGrain>(effect.OrderId).GetAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Order {effect.OrderId} does not exist.");
        var branding = new Mail.StoreBranding(settings.StoreName, settings.LogoUrl, settings.SupportEmail, settings.SenderAddress, settings.SenderName);
        var left = effect.Items.OfType<FileDownload>().Any()
            ? (await grains.GetGrain<ICustomerGrain>(order.CustomerId).GetAsync(cancellationToken)).Entitlements.ToDictionary(e => e.EntitlementId, e => e.Left)
            : [];
        var emails = Compose(effect, order, branding, catalog.Products, left);
        for (var i = 0; i < emails.Count; i++)
        {
            var key = i == 0 ? context.IdempotencyKey : $"{context.IdempotencyKey}/{i + 1}";
            await mail.SendAsync(DeliveryEmailComposer.Compose(emails[i] with { Resend = effect.IsResend }, key), cancellationToken);
        }

        return EffectResult.Reply(new DeliveryEmailSent(effect.Step, context.Now));
    }

    private List<DeliveryEmail> Compose(
        SendDeliveryEmail effect, OrderView order, Mail.StoreBranding branding, IReadOnlyList<ProductDefinition> products, Dictionary<string, int?> left)
    {
        var emails = new List<DeliveryEmail>();
        var orderPage = links.Order(effect.OrderId).ToString();
        var files = effect.Items.OfType<FileDownload>().ToList();
        if (files.Count > 0)
        {
            emails.Add(new FileDeliveryEmail(
                branding,
                effect.CustomerName,
                effect.To,
                effect.OrderId,
                files.Select(f => new DownloadableProduct(f.ProductName, links.Download(order.CustomerId, f.EntitlementId).ToString(), left.GetValueOrDefault(f.EntitlementId, f.DownloadLimit))).ToList(),
                links.Account(order.CustomerId).ToString()));
        }

        foreach (var item in effect.Items)
        {
            var product = products.FirstOrDefault(p => p.Sku == item.Sku);
            switch (item)
            {
                case CodeDelivery code:
                    emails.Add(new CodeDeliveryEmail(
                        branding,
                        effect.CustomerName,
                        effect.To,
                        effect.OrderId,
                        code.ProductName,
                        code.Denomination,
                        code.Codes.Select(c => new Mail.DeliveredCode(c.Code, c.Pin, c.Instructions, c.Confirmation)).ToList(),
                        product?.Instructions ?? code.Instructions,
                        product?.ActivationUrl,
                        orderPage));
                    break;
                case LicenseDelivery license:
                    emails.Add(new LicenseDeliveryEmail(
                        branding,
                        effect.CustomerName,
                        effect.To,
                        effect.OrderId,
                        license.ProductName,
                        license.LicenseText,
                        product?.Instructions ?? license.Instructions,
                        orderPage,
                        license.Items.Count > 1 ? license.Items : null));
                    break;
            }
        }

        return emails;
    }
}
