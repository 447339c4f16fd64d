namespace Orleans.Delivery.Runtime;
internal static class AssemblyMarker;
