using Orleans.Delivery.Benchmarks;

// Benchmarks print numbers; they assert nothing. Run: dotnet run -c Release --project tests/Benchmarks -- engine|delivery
var which = args.FirstOrDefault() ?? "engine";
switch (which)
{
    case "engine":
        await EngineBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "delivery":
        await DeliveryBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: engine, delivery");
        return 2;
}

return 0;
