namespace Orleans.Delivery.Silo.Tests.Providers;

/// <summary>The state the providers' contract suite stores: a record any grain storage serializer can round-trip.</summary>
[GenerateSerializer]
public sealed record ContractState
{
    [Id(0)]
    public string Text { get; init; } = "";

    [Id(1)]
    public int Number { get; init; }
}
