using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
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
/// targets SQLite. SQLite admits one writer per file at a time, so here one writer loop takes every queued write,
/// checks each ETag and writes inside one transaction per batch, and completes each caller with its own outcome:
/// one disk sync then serves a whole batch. Reads run on pooled connections of their own (write-ahead logging lets
/// them run while the writer commits).
/// </remarks>
public sealed class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable, IDisposable
{
    private readonly string name;
    private readonly SqliteGrainStorageOptions options;
    private readonly IGrainStorageSerializer serializer;
    private readonly IActivatorProvider activators;
    private readonly ILogger logger;
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? started;
    private Task? writer;
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

    /// <summary>Commits what is queued, then closes the file (for containers disposed synchronously; the writer is a
    /// thread of its own, so waiting for it here cannot deadlock).</summary>
    public void Dispose() => StopAsync().GetAwaiter().GetResult();

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
        var connection = await SqliteDatabase.OpenAsync(connectionString, CancellationToken.None);
        writer = Task.Factory.StartNew(() => RunWriter(connection), TaskCreationOptions.LongRunning);
        SqliteStorageLog.GrainStorageOpened(logger, name, Path.GetFullPath(options.DatabasePath));
    }

    private async Task StopAsync()
    {
        queue.Writer.TryComplete();
        Task? running;
        lock (startLock)
        {
            running = writer;
        }

        if (running is not null)
        {
            await running;
            SqliteDatabase.ReleasePool(connectionString);
        }
    }

    private async Task<long?> EnqueueAsync(string stateName, GrainId grainId, string? etag, byte[]? payload)
    {
        await EnsureStartedAsync();
        var write = new PendingWrite(stateName, grainId.ToString(), etag, payload);
        if (!queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteGrainStorage), $"Grain storage {name} is stopped.");
        }

        return await write.Outcome.Task;
    }

    // Microsoft.Data.Sqlite runs every call synchronously (its async methods complete before returning), so the
    // writer is a dedicated thread making plain calls.
    private void RunWriter(SqliteConnection connection)
    {
        using (connection)
        {
            using var readVersion = connection.CreateCommand();
            readVersion.CommandText = SqliteDatabase.Statement("grain-state-version");
            var versionState = readVersion.Parameters.Add("@state_name", SqliteType.Text);
            var versionGrain = readVersion.Parameters.Add("@grain_id", SqliteType.Text);

            using var write = connection.CreateCommand();
            write.CommandText = SqliteDatabase.Statement("grain-state-write");
            var writeState = write.Parameters.Add("@state_name", SqliteType.Text);
            var writeGrain = write.Parameters.Add("@grain_id", SqliteType.Text);
            var writeVersion = write.Parameters.Add("@version", SqliteType.Integer);
            var writePayload = write.Parameters.Add("@payload", SqliteType.Blob);

            var batch = new List<PendingWrite>(options.MaxBatchSize);
            var results = new List<(PendingWrite Write, long? Version, Exception? Refusal)>(options.MaxBatchSize);
            var reader = queue.Reader;
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                results.Clear();
                while (batch.Count < options.MaxBatchSize && reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    using var transaction = connection.BeginTransaction();
                    readVersion.Transaction = transaction;
                    write.Transaction = transaction;
                    foreach (var pending in batch)
                    {
                        versionState.Value = pending.StateName;
                        versionGrain.Value = pending.GrainId;
                        var stored = readVersion.ExecuteScalar() is long v ? v : (long?)null;
                        if (!ETagMatches(stored, pending.ETag))
                        {
                            SqliteStorageLog.StaleWrite(logger, name, pending.StateName, pending.GrainId, stored is { } s ? FormatETag(s) : null, pending.ETag);
                            results.Add((pending, null, new InconsistentStateException(
                                $"Grain storage {name}: the ETag of {pending.StateName} for {pending.GrainId} is not the stored one.",
                                stored is { } current ? FormatETag(current) : null,
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
                        writeState.Value = pending.StateName;
                        writeGrain.Value = pending.GrainId;
                        writeVersion.Value = version;
                        writePayload.Value = (object?)pending.Payload ?? DBNull.Value;
                        write.ExecuteNonQuery();
                        results.Add((pending, version, null));
                    }

                    transaction.Commit();
                }
                catch (Exception exception)
                {
                    SqliteStorageLog.BatchFailed(logger, exception, name, batch.Count);
                    foreach (var pending in batch)
                    {
                        pending.Outcome.TrySetException(exception);
                    }

                    continue;
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
        }
    }

    private static bool ETagMatches(long? stored, string? etag) =>
        stored is { } version
            ? etag is not null && long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var given) && given == version
            : etag is null;

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private T CreateInstance<T>() => activators.GetActivator<T>().Create();

    /// <summary>One caller's write (or clear, when <see cref="Payload"/> is null) waiting for the writer.</summary>
    private sealed record PendingWrite(string StateName, string GrainId, string? ETag, byte[]? Payload)
    {
        public TaskCompletionSource<long?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
