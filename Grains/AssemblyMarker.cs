namespace Orleans.Delivery.Grains;
internal static class AssemblyMarker;
