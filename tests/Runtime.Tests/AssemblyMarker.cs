namespace Orleans.Delivery.Runtime.Tests; internal static class AssemblyMarker;
