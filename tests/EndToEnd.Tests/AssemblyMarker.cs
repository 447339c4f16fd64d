namespace Orleans.Delivery.EndToEnd.Tests; internal static class AssemblyMarker;
