using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Delivery.Runtime;

namespace Orleans.Delivery.Benchmarks;

/// <summary>A turn of the same shape as the baseline transaction: lock one row, update it, insert one (outbox) row.</summary>
public sealed class BenchGrain : Grain<BenchState, BenchCommand>
{
    public override string TypeName => "bench";

    protected override JsonTypeInfo<BenchState> StateType => BenchJson.Default.BenchState;

    protected override JsonTypeInfo<BenchCommand> MessageType => BenchJson.Default.BenchCommand;

    protected override BenchState CreateInitial(string key) => new(0);

    protected override object? Handle(TurnContext<BenchState> turn, BenchCommand message)
    {
        turn.State = new BenchState(turn.State.Turns + 1);
        turn.Effect("bench-noop", $"t{turn.Version}", new BenchCommand(message.Payload), BenchJson.Default.BenchCommand, turn.Now.AddYears(1));
        return null;
    }
}

public sealed record BenchState(long Turns);

public sealed record BenchCommand(string Payload);

[JsonSerializable(typeof(BenchState))]
[JsonSerializable(typeof(BenchCommand))]
public sealed partial class BenchJson : JsonSerializerContext;
