namespace Orleans.Delivery.TestCluster; internal static class AssemblyMarker;
