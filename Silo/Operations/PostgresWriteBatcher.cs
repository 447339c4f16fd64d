using System.Threading.Channels;
using Npgsql;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>
/// Group commit for the operations tables: the single-row writes that a silo's effects hand in at the same moment go
/// to PostgreSQL together, as one <see cref="NpgsqlBatch"/> (one round trip, one implicit transaction), instead of a
/// command each. A write waits only while earlier batches are in flight; an idle silo sends each write at once.
/// </summary>
/// <remarks>
/// <para>
/// Written here: Npgsql sends a batch it is given, but nothing in the registry gathers the statements of concurrent
/// callers into one.
/// </para>
/// <para>
/// Every statement is idempotent (an insert that does nothing on its key, a version-checked upsert) and answers one
/// <c>bigint</c> column in at most one row, read as the write's result (null: no row). Within a batch statements run
/// in the order of their lock keys, so two batches in flight, here or on another silo, take row locks in the same
/// order and cannot deadlock each other. A batch that fails is sent again statement by statement, so one write's
/// error is that write's alone.
/// </para>
/// </remarks>
public sealed class PostgresWriteBatcher : IAsyncDisposable
{
    /// <summary>Statements per batch at most.</summary>
    public const int MaxBatchSize = 128;

    /// <summary>Batches in flight at once, per silo.</summary>
    public const int MaxBatchesInFlight = 2;

    private readonly NpgsqlDataSource dataSource;
    private readonly Channel<Write> queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim inFlight = new(MaxBatchesInFlight, MaxBatchesInFlight);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private long batchesSent;
    private int disposed;

    public PostgresWriteBatcher(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Batches sent so far, including the single statements of a failed batch sent again.</summary>
    public long BatchesSent => Interlocked.Read(ref batchesSent);

    /// <summary>
    /// Runs <paramref name="statement"/> with the parameters <paramref name="bind"/> adds, in the next batch;
    /// answers the first column of its row, or null when it returned none. <paramref name="lockKey"/> names the row
    /// it writes (table and key), which orders the statements of a batch.
    /// </summary>
    public Task<long?> WriteAsync(string statement, string lockKey, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new Write(statement, lockKey, bind);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(write), this);

        // A caller that stops waiting leaves its write in the batch: it is idempotent, and sending it costs nothing more.
        return write.Result.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        await loop;
        for (var i = 0; i < MaxBatchesInFlight; i++)
        {
            await inFlight.WaitAsync();
        }

        while (queue.Reader.TryRead(out var left))
        {
            left.Result.TrySetException(new ObjectDisposedException(nameof(PostgresWriteBatcher)));
        }

        inFlight.Dispose();
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            // A free slot first, then everything queued meanwhile: under load the batches grow by themselves.
            await inFlight.WaitAsync();
            var batch = new List<Write>();
            while (batch.Count < MaxBatchSize && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            _ = SendAsync(batch);
        }
    }

    private async Task SendAsync(List<Write> batch)
    {
        try
        {
            batch.Sort(static (a, b) => string.CompareOrdinal(a.LockKey, b.LockKey));
            try
            {
                await ExecuteAsync(batch);
            }
            catch (Exception) when (batch.Count > 1 && !stopping.IsCancellationRequested)
            {
                foreach (var write in batch)
                {
                    await SendAloneAsync(write);
                }
            }
            catch (Exception e)
            {
                Fail(batch, e);
            }
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task SendAloneAsync(Write write)
    {
        try
        {
            await ExecuteAsync([write]);
        }
        catch (Exception e)
        {
            write.Result.TrySetException(e);
        }
    }

    private async Task ExecuteAsync(IReadOnlyList<Write> writes)
    {
        var results = new long?[writes.Count];
        Interlocked.Increment(ref batchesSent);
        await using (var batch = dataSource.CreateBatch())
        {
            foreach (var write in writes)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = write.Statement;
                write.Bind(command.Parameters);
                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(stopping.Token);
            for (var i = 0; i < writes.Count; i++)
            {
                results[i] = await reader.ReadAsync(stopping.Token) ? reader.GetInt64(0) : null;
                await reader.NextResultAsync(stopping.Token);
            }
        }

        // Answered only once the reader is done: the batch's implicit transaction has committed.
        for (var i = 0; i < writes.Count; i++)
        {
            writes[i].Result.TrySetResult(results[i]);
        }
    }

    private static void Fail(IEnumerable<Write> writes, Exception error)
    {
        foreach (var write in writes)
        {
            write.Result.TrySetException(error);
        }
    }

    private sealed record Write(string Statement, string LockKey, Action<NpgsqlParameterCollection> Bind)
    {
        public TaskCompletionSource<long?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
