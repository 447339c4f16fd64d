namespace Orleans.Delivery.Gateway.Tests; internal static class AssemblyMarker;
