namespace Orleans.Delivery.Grains.Orders;

/// <summary>The one outside call a line waits on; an answer for any other step is late and ignored.</summary>
public sealed record PendingCall(string Step, CallKind Kind);
