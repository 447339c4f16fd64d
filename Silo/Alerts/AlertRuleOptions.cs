using Orleans.Delivery.Grains.Operations;

namespace Orleans.Delivery.Silo.Alerts;

/// <summary>Binds <see cref="AlertThresholds"/> from <c>Alerts:Rules</c> and checks them.</summary>
public static class AlertRuleOptions
{
    public const string SectionName = "Alerts:Rules";

    public static IEnumerable<string> Problems(AlertThresholds t)
    {
        if (t.EvaluateEvery < TimeSpan.FromMinutes(1))
        {
            yield return "EvaluateEvery must be at least 1 minute (a reminder period)";
        }

        foreach (var (name, span) in (IEnumerable<(string, TimeSpan)>)[
            ("SupplierSlowAverage", t.SupplierSlowAverage), ("SupplierWindow", t.SupplierWindow), ("FailureWindow", t.FailureWindow),
            ("UndeliveredAfter", t.UndeliveredAfter), ("WebhookWindow", t.WebhookWindow), ("BalanceMaxAge", t.BalanceMaxAge)])
        {
            if (span <= TimeSpan.Zero)
            {
                yield return $"{name} must be positive";
            }
        }

        if (t.FailureRate is < 0 or > 1 || double.IsNaN(t.FailureRate))
        {
            yield return "FailureRate must be between 0 and 1";
        }

        if (t.BalanceShare is < 0 or > 1)
        {
            yield return "BalanceShare must be between 0 and 1";
        }

        if (t.FailureMinOrders < 1)
        {
            yield return "FailureMinOrders must be at least 1";
        }
    }
}
