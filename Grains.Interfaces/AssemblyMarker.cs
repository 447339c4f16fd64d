namespace Orleans.Delivery.Grains.Interfaces;
internal static class AssemblyMarker;
