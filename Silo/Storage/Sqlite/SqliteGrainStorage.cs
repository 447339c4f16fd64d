using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Microsoft.Extensions.Options;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Delivery.Silo.Storage.Sqlite;

/// <summary>
/// Grain state in one SQLite file, for the single node. The ETag is the row's version; a write or clear whose ETag
/// is not the stored version (or null where a row exists, or set where none does) throws
/// <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
/// <remarks>
/// Written here because no served library fits: Orleans' ADO.NET storage runs on SQLite but commits every write in
/// its own transaction, under 200 writes/s at 8–32 callers on this hardware, and no other Orleans storage package
/// targets SQLite. SQLite admits one writer per file at a time, so here writes queue for one writer: it takes every
/// queued write, checks each ETag and writes inside one transaction per batch, and completes each caller with its
/// own outcome, so one disk sync serves a whole batch. The writer is whichever caller finds it idle, committing the
/// batch on its own thread: a lone caller then pays no thread hand-off; while it commits, later callers queue, and
/// the next batch is taken by a thread-pool work item, so no caller commits more than one batch. Reads run on pooled
/// connections of their own (write-ahead logging lets them run while the writer commits).
/// </remarks>
public sealed class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable, IDisposable
{
    private readonly string name;
    private readonly SqliteGrainStorageOptions options;
    private readonly IGrainStorageSerializer serializer;
    private readonly IActivatorProvider activators;
    private readonly ILogger logger;
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });

    // Held by the one thread that commits; taken without waiting by callers, waited for only by StopAsync.
    private readonly SemaphoreSlim writerTurn = new(1, 1);
    private readonly Lock startLock = new();
    private Task? started;
    private Task? stopped;
    private Writer? writer;
    private string connectionString = "";

    /// <summary>Raised by the writer after each committed batch with how many writes it held and how many of them
    /// were refused for their ETag; tests await it instead of guessing how writes were batched.</summary>
    internal event Action<int, int>? BatchCommitted;

    /// <summary>Creates the provider; the file is opened at <see cref="SqliteGrainStorageOptions.InitStage"/> or on first use.</summary>
    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, IActivatorProvider activators, ILogger<SqliteGrainStorage> logger)
    {
        this.name = name;
        this.options = options;
        serializer = options.GrainStorageSerializer
            ?? throw new ArgumentException($"{nameof(SqliteGrainStorageOptions)}.{nameof(options.GrainStorageSerializer)} is not set.", nameof(options));
        this.activators = activators;
        this.logger = logger;
    }

    /// <summary>Builds the provider registered under <paramref name="name"/> from its named options.</summary>
    public static SqliteGrainStorage Create(IServiceProvider services, string name) =>
        ActivatorUtilities.CreateInstance<SqliteGrainStorage>(
            services, name, services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name));

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureStartedAsync();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement("grain-state-read");
        command.Parameters.AddWithValue("@state_name", stateName);
        command.Parameters.AddWithValue("@grain_id", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = CreateInstance<T>();
            return;
        }

        var version = reader.GetInt64(0);
        var payload = reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1);
        grainState.ETag = FormatETag(version);
        grainState.RecordExists = payload is not null;
        grainState.State = payload is null ? CreateInstance<T>() : serializer.Deserialize<T>(new BinaryData(payload)) ?? CreateInstance<T>();
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var version = await EnqueueAsync(stateName, grainId, grainState.ETag, payload);
        grainState.ETag = FormatETag(version!.Value);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var version = await EnqueueAsync(stateName, grainId, grainState.ETag, payload: null);
        grainState.ETag = version is { } v ? FormatETag(v) : null;
        grainState.RecordExists = false;
        grainState.State = CreateInstance<T>();
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            $"{nameof(SqliteGrainStorage)}-{name}",
            options.InitStage,
            _ => EnsureStartedAsync(),
            _ => StopAsync());

    /// <summary>Commits what is queued, then closes the file.</summary>
    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Commits what is queued, then closes the file (for containers disposed synchronously; no caller's
    /// continuation is needed to finish a commit, so waiting here cannot deadlock).</summary>
    public void Dispose() => StopAsync().GetAwaiter().GetResult();

    /// <summary>Takes the writer's turn until the result is disposed, so writes queue meanwhile; disposing hands
    /// everything queued to the writer as one batch (up to <see cref="SqliteGrainStorageOptions.MaxBatchSize"/>).
    /// Lets tests put chosen writes into one batch.</summary>
    internal async Task<IDisposable> HoldWriterTurnAsync()
    {
        await EnsureStartedAsync();
        await writerTurn.WaitAsync();
        return new HeldTurn(this);
    }

    private Task EnsureStartedAsync()
    {
        lock (startLock)
        {
            return started ??= StartAsync();
        }
    }

    private async Task StartAsync()
    {
        connectionString = SqliteDatabase.PrepareFile(options.DatabasePath);
        await SqliteDatabase.CreateSchemaAsync(connectionString, "grain-state-schema", CancellationToken.None);
        writer = new Writer(await SqliteDatabase.OpenAsync(connectionString, CancellationToken.None));
        SqliteStorageLog.GrainStorageOpened(logger, name, Path.GetFullPath(options.DatabasePath));
    }

    private Task StopAsync()
    {
        lock (startLock)
        {
            return stopped ??= StopCoreAsync();
        }
    }

    private async Task StopCoreAsync()
    {
        queue.Writer.TryComplete();
        Task? starting;
        lock (startLock)
        {
            starting = started;
        }

        if (starting is null)
        {
            return;
        }

        await starting;

        // The turn is never given back: after the last batch nobody may touch the connection.
        await writerTurn.WaitAsync();
        while (queue.Reader.Count > 0)
        {
            CommitBatch();
        }

        writer!.Dispose();
        SqliteDatabase.ReleasePool(connectionString);
    }

    private async Task<long?> EnqueueAsync(string stateName, GrainId grainId, string? etag, byte[]? payload)
    {
        await EnsureStartedAsync();
        var write = new PendingWrite(stateName, grainId.ToString(), etag, payload);
        if (!queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteGrainStorage), $"Grain storage {name} is stopped.");
        }

        if (writerTurn.Wait(0))
        {
            CommitBatchAndPassTheTurn();
        }

        return await write.Outcome.Task;
    }

    // Runs holding the writer's turn. A write queued while this batch committed found the turn taken and counts on
    // its holder: after giving the turn back, look again, and if writes wait and the turn is free, take it and
    // commit them from the thread pool, so this caller goes back to its grain.
    private void CommitBatchAndPassTheTurn()
    {
        CommitBatch();
        writerTurn.Release();
        if (queue.Reader.Count > 0 && writerTurn.Wait(0))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.CommitBatchAndPassTheTurn(), this, preferLocal: false);
        }
    }

    private void CommitBatch()
    {
        var batch = new List<PendingWrite>(Math.Min(options.MaxBatchSize, queue.Reader.Count));
        while (batch.Count < options.MaxBatchSize && queue.Reader.TryRead(out var next))
        {
            batch.Add(next);
        }

        if (batch.Count == 0)
        {
            return;
        }

        List<(PendingWrite Write, long? Version, Exception? Refusal)> results;
        try
        {
            results = writer!.Commit(batch, name, logger);
        }
        catch (Exception exception)
        {
            SqliteStorageLog.BatchFailed(logger, exception, name, batch.Count);
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(exception);
            }

            return;
        }

        BatchCommitted?.Invoke(results.Count, results.Count(r => r.Refusal is not null));
        foreach (var (pending, version, refusal) in results)
        {
            if (refusal is null)
            {
                pending.Outcome.TrySetResult(version);
            }
            else
            {
                pending.Outcome.TrySetException(refusal);
            }
        }
    }

    private static bool ETagMatches(long? stored, string? etag) =>
        stored is { } version
            ? etag is not null && long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var given) && given == version
            : etag is null;

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private T CreateInstance<T>() => activators.GetActivator<T>().Create();

    private sealed class HeldTurn(SqliteGrainStorage storage) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static self => self.CommitBatchAndPassTheTurn(), storage, preferLocal: false);
            }
        }
    }

    /// <summary>One caller's write (or clear, when <see cref="Payload"/> is null) waiting for the writer.</summary>
    private sealed record PendingWrite(string StateName, string GrainId, string? ETag, byte[]? Payload)
    {
        public TaskCompletionSource<long?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The writer's connection and its prepared statements; used by one thread at a time (the turn holder).
    /// Microsoft.Data.Sqlite completes every call synchronously, so it makes plain calls.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteConnection connection;
        private readonly SqliteCommand readVersion;
        private readonly SqliteCommand write;

        public Writer(SqliteConnection connection)
        {
            this.connection = connection;
            readVersion = connection.CreateCommand();
            readVersion.CommandText = SqliteDatabase.Statement("grain-state-version");
            readVersion.Parameters.Add("@state_name", SqliteType.Text);
            readVersion.Parameters.Add("@grain_id", SqliteType.Text);
            write = connection.CreateCommand();
            write.CommandText = SqliteDatabase.Statement("grain-state-write");
            write.Parameters.Add("@state_name", SqliteType.Text);
            write.Parameters.Add("@grain_id", SqliteType.Text);
            write.Parameters.Add("@version", SqliteType.Integer);
            write.Parameters.Add("@payload", SqliteType.Blob);
        }

        /// <summary>Checks and writes <paramref name="batch"/> in one transaction, in order (a later write of the same
        /// state sees an earlier one); returns each write's new version (null for a clear of nothing) or refusal.
        /// Throws, having rolled everything back, if the transaction fails.</summary>
        public List<(PendingWrite Write, long? Version, Exception? Refusal)> Commit(List<PendingWrite> batch, string provider, ILogger logger)
        {
            var results = new List<(PendingWrite Write, long? Version, Exception? Refusal)>(batch.Count);
            using var transaction = connection.BeginTransaction();
            readVersion.Transaction = transaction;
            write.Transaction = transaction;
            foreach (var pending in batch)
            {
                readVersion.Parameters["@state_name"].Value = pending.StateName;
                readVersion.Parameters["@grain_id"].Value = pending.GrainId;
                var stored = readVersion.ExecuteScalar() is long v ? v : (long?)null;
                if (!ETagMatches(stored, pending.ETag))
                {
                    var storedETag = stored is { } current ? FormatETag(current) : null;
                    SqliteStorageLog.StaleWrite(logger, provider, pending.StateName, pending.GrainId, storedETag, pending.ETag);
                    results.Add((pending, null, new InconsistentStateException(
                        $"Grain storage {provider}: the ETag of {pending.StateName} for {pending.GrainId} is not the stored one.",
                        storedETag,
                        pending.ETag)));
                    continue;
                }

                if (pending.Payload is null && stored is null)
                {
                    // Clearing a state that was never written leaves nothing to fence.
                    results.Add((pending, null, null));
                    continue;
                }

                var version = (stored ?? 0) + 1;
                write.Parameters["@state_name"].Value = pending.StateName;
                write.Parameters["@grain_id"].Value = pending.GrainId;
                write.Parameters["@version"].Value = version;
                write.Parameters["@payload"].Value = (object?)pending.Payload ?? DBNull.Value;
                write.ExecuteNonQuery();
                results.Add((pending, version, null));
            }

            transaction.Commit();
            return results;
        }

        public void Dispose()
        {
            readVersion.Dispose();
            write.Dispose();
            connection.Dispose();
        }
    }
}
