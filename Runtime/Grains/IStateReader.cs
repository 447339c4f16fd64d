namespace Orleans.Delivery.Runtime;

/// <summary>Reads a grain's stored state outside a turn.</summary>
public interface IStateReader<out TState>
{
    TState ReadState(string key, string? json);
}
