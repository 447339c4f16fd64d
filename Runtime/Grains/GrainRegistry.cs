namespace Orleans.Delivery.Runtime;

/// <summary>The grain types this process can run, by name.</summary>
public sealed class GrainRegistry
{
    private readonly Dictionary<string, IGrainDefinition> definitions;

    public GrainRegistry(IEnumerable<IGrainDefinition> definitions)
    {
        this.definitions = new Dictionary<string, IGrainDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!this.definitions.TryAdd(definition.TypeName, definition))
            {
                throw new InvalidOperationException($"Grain type '{definition.TypeName}' is registered twice.");
            }
        }
    }

    public IGrainDefinition Get(string typeName) =>
        definitions.TryGetValue(typeName, out var definition) ? definition : throw new UnknownGrainTypeException(typeName);

    public T Get<T>(string typeName)
        where T : IGrainDefinition =>
        Get(typeName) is T typed ? typed : throw new UnknownGrainTypeException(typeName);
}
