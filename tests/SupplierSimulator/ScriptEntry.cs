namespace Orleans.Delivery.SupplierSimulator;

// A scripted behaviour and, for error-500, how many failures it still has to give.
internal sealed class ScriptEntry(SupplierBehaviour behaviour)
{
    private int _errorsLeft = behaviour.Kind == SupplierBehaviourKind.Error500 ? behaviour.Count : 0;

    public SupplierBehaviour Behaviour { get; } = behaviour;

    public bool TryConsumeError()
    {
        if (Behaviour.Count == SupplierBehaviour.Always)
        {
            return true;
        }

        while (true)
        {
            var left = Volatile.Read(ref _errorsLeft);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _errorsLeft, left - 1, left) == left)
            {
                return true;
            }
        }
    }
}
