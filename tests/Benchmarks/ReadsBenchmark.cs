namespace Orleans.Delivery.Benchmarks;

public static class ReadsBenchmark
{
    public static Task RunAsync(string[] args) => Task.CompletedTask;
}
