namespace Orleans.Delivery.Grains.Effects;

/// <summary>The grain storage provider every product grain writes to; each grain type keeps its state under its own name.</summary>
public static class GrainStorage
{
    public const string Name = "delivery";
}
