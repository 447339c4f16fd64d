using Npgsql;

namespace Orleans.Delivery.Silo.Tests.Operations;

/// <summary>Statements of one PostgreSQL database seen blocked on a row lock another transaction holds.</summary>
internal static class LockWaiters
{
    /// <summary>
    /// Until at least <paramref name="count"/> backends of <paramref name="dataSource"/>'s database wait for a lock
    /// (PostgreSQL offers no notification of that, so this asks pg_stat_activity again after each answer), at most
    /// <paramref name="bound"/>.
    /// </summary>
    public static async Task WaitForAsync(NpgsqlDataSource dataSource, int count, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        while ((long)(await command.ExecuteScalarAsync(timeout.Token))! < count)
        {
        }
    }
}
