using Orleans.Delivery.Benchmarks;

// Benchmarks print numbers; they assert nothing. Run: dotnet run -c Release --project tests/Benchmarks -- <name> [sizes]
var which = args.FirstOrDefault() ?? "ingest";
var rest = args.Skip(1).ToArray();
switch (which)
{
    case "ingest":
        return await IngestBenchmark.RunAsync(rest);
    case "delivery":
        await DeliveryBenchmark.RunAsync(rest);
        break;
    case "reads":
        await ReadsBenchmark.RunAsync(rest);
        break;
    case "memory":
        await MemoryBenchmark.RunAsync(rest);
        break;
    case "scale":
        return await ScaleBenchmark.RunAsync(rest);
    case "sqlite-storage":
        await SqliteStorageBenchmark.RunAsync(rest);
        break;
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: ingest, delivery, scale, reads, memory, sqlite-storage");
        return 2;
}

return 0;
