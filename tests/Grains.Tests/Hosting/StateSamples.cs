using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Grains.Tests.Customers;
using Orleans.Delivery.Grains.Tests.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Hosting;

/// <summary>States with a life behind them: a paid order whose codes and e-book were delivered, and its buyer after one download.</summary>
internal static class StateSamples
{
    public static OrderState DeliveredOrder() => OrderSpec.GivenCommands(
        Create(EbookLine, SteamLine),
        Pay(3500),
        Answer(OrderSteps.SupplierOrder(2, 1), Completed(Code("AAAA-1111", "0000")), 2),
        new DeliveryEmailSent(OrderSteps.DeliveryEmail(1), At(3)),
        new DeliveryEmailSent(OrderSteps.DeliveryEmail(2), At(3))).State;

    public static CustomerState CustomerAfterOneDownload() => LedgerSpec.GivenCommands(
        LedgerSpec.Grant(),
        new Mint("order-1:ebook", "203.0.113.7", LedgerSpec.At(1))).State;
}
