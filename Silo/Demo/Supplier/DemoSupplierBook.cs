using System.Security.Cryptography;

namespace Orleans.Delivery.Silo.Demo.Supplier;

/// <summary>
/// The demo supplier's orders, in memory: one per reference, as a real supplier keeps them, so a placement repeated
/// after a lost answer gets the same codes back and a lookup by reference finds it.
/// </summary>
internal sealed class DemoSupplierBook
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const string Instructions = "A demo code from the built-in demo supplier: it redeems nowhere.";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DemoOrderJson> _byReference = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DemoOrderJson> _byId = new(StringComparer.Ordinal);

    /// <summary>Completes an order at once with <paramref name="quantity"/> fresh codes, or answers the one placed before with this reference.</summary>
    public DemoOrderJson Place(int quantity, string reference)
    {
        lock (_gate)
        {
            if (_byReference.TryGetValue(reference, out var existing))
            {
                return existing;
            }

            var id = "DEMO-" + Random(10);
            var items = Enumerable.Range(0, quantity)
                .Select(_ => new DemoItemJson($"DEMO-{Random(4)}-{Random(4)}-{Random(4)}", RandomNumberGenerator.GetInt32(0, 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Instructions))
                .ToList();
            var order = new DemoOrderJson(id, "completed", items, id, reference);
            _byReference[reference] = order;
            _byId[id] = order;
            return order;
        }
    }

    public DemoOrderJson? Find(string orderId)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(orderId);
        }
    }

    public DemoOrderJson? FindByReference(string reference)
    {
        lock (_gate)
        {
            return _byReference.GetValueOrDefault(reference);
        }
    }

    private static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
