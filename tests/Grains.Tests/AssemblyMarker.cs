namespace Orleans.Delivery.Grains.Tests; internal static class AssemblyMarker;
