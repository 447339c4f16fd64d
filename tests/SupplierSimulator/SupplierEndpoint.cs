namespace Orleans.Delivery.SupplierSimulator;

/// <summary>The supplier API endpoints whose requests the simulator counts.</summary>
public enum SupplierEndpoint
{
    /// <summary><c>POST /orders</c>.</summary>
    PlaceOrder,

    /// <summary><c>GET /orders/{id}</c>.</summary>
    GetOrder,

    /// <summary><c>GET /orders?reference=</c>.</summary>
    FindByReference,

    /// <summary><c>GET /balance</c>.</summary>
    GetBalance,
}
