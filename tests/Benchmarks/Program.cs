using Orleans.Delivery.Benchmarks;

// Benchmarks print numbers; they assert nothing. Run: dotnet run -c Release --project tests/Benchmarks -- engine|delivery|sqlite-storage
var which = args.FirstOrDefault() ?? "engine";
switch (which)
{
    case "engine":
        await EngineBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "delivery":
        await DeliveryBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "sqlite-storage":
        await SqliteStorageBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: engine, delivery, sqlite-storage");
        return 2;
}

return 0;
