namespace Orleans.Delivery.Benchmarks;

public static class MemoryBenchmark
{
    public static Task RunAsync(string[] args) => Task.CompletedTask;
}
