using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Streamer.Durable.AzureStorage.Messaging;
using Streamer.Durable.AzureStorage.Payloads;
using Streamer.Durable.Backends;
using Streamer.Durable.History;

namespace Streamer.Durable.AzureStorage.Tracking;

/// <summary>
/// The History table: partition = instance id, one row per event (row key = execution id and
/// sequence number) and a sentinel row holding the current execution id and committed event count.
/// Every batch that writes events also rewrites the sentinel under its ETag, so two writers can
/// never both append: the loser's batch fails whole. The count moves only in the last batch, so
/// readers never see half an episode.
/// </summary>
internal sealed class HistoryStore(TableClient table, PayloadStore payloads)
{
    private const string SentinelKey = "~sentinel";
    private const int EventsPerBatch = 99;

    // A batch carries at most 4 MiB; inline events are at most ~60 KiB each as UTF-16.
    private const int MaxBatchChars = 1_500_000;

    public async Task<HistoryState> LoadAsync(string instanceId, HistoryState? cached, CancellationToken cancellationToken)
    {
        var sentinel = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, SentinelKey, cancellationToken: cancellationToken);
        if (!sentinel.HasValue)
        {
            return HistoryState.Empty();
        }

        var etag = sentinel.Value!.ETag;
        var executionId = sentinel.Value.GetString("ExecutionId") ?? string.Empty;
        var count = sentinel.Value.GetInt32("Count") ?? 0;
        if (cached is not null && cached.ETag == etag)
        {
            return cached;
        }

        // Another host appended since we last looked (or we never did): read only what we lack.
        var state = cached is not null && cached.ExecutionId == executionId && cached.Events.Count <= count
            ? cached
            : new HistoryState(etag, executionId, [], []);
        var from = RowKey(executionId, state.Events.Count);
        var to = RowKey(executionId, count);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            state.Events.Add(await ReadEventAsync(row, cancellationToken));
            if (row.GetString("MessageId") is { } messageId)
            {
                state.MessageIds.Add(messageId);
            }
        }

        state.ETag = etag;
        return state;
    }

    /// <summary>Appends events, recording for each the queue message it came from (if any).</summary>
    /// <exception cref="WorkItemLockLostException">Another writer appended first.</exception>
    public async Task AppendAsync(string instanceId, HistoryState state, IReadOnlyList<HistoryEvent> events, Func<HistoryEvent, string?> messageIdOf, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var executionId = state.Events.Count == 0
            ? events.OfType<ExecutionStartedEvent>().First().Instance.ExecutionId!
            : state.ExecutionId;
        var etag = state.ETag;
        var rows = new List<TableEntity>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var row = await WriteEventAsync(instanceId, RowKey(executionId, state.Events.Count + i), events[i], cancellationToken);
            row["MessageId"] = messageIdOf(events[i]);
            rows.Add(row);
        }

        var written = 0;
        foreach (var chunk in Chunk(rows))
        {
            written += chunk.Count;
            var actions = chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)).ToList();
            var committedCount = state.Events.Count + (written == rows.Count ? rows.Count : 0);
            actions.Add(SentinelAction(instanceId, executionId, committedCount, etag));
            etag = await SubmitAsync(instanceId, actions, cancellationToken);
        }

        state.ETag = etag;
        state.ExecutionId = executionId;
        foreach (var e in events)
        {
            state.Events.Add(e);
            if (messageIdOf(e) is { } id)
            {
                state.MessageIds.Add(id);
            }
        }
    }

    /// <summary>Starts an empty history for the next execution; old rows stay until the instance is purged.</summary>
    public async Task ResetAsync(string instanceId, HistoryState? state, CancellationToken cancellationToken)
    {
        var etag = await SubmitAsync(instanceId, [SentinelAction(instanceId, string.Empty, 0, state?.ETag ?? ETag.All)], cancellationToken);
        if (state is not null)
        {
            state.ETag = etag;
            state.ExecutionId = string.Empty;
            state.Events = [];
            state.MessageIds = [];
        }
    }

    public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken)
    {
        var keys = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(row);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, k, ETag.All)), cancellationToken);
        }
    }

    /// <summary>Splits rows into batches of at most 99 (leaving room for the sentinel) and about 3 MiB.</summary>
    private static IEnumerable<List<TableEntity>> Chunk(List<TableEntity> rows)
    {
        var chunk = new List<TableEntity>();
        var chars = 0;
        foreach (var row in rows)
        {
            var size = row.GetString("Event")?.Length ?? 256;
            if (chunk.Count == EventsPerBatch || (chunk.Count > 0 && chars + size > MaxBatchChars))
            {
                yield return chunk;
                chunk = [];
                chars = 0;
            }

            chunk.Add(row);
            chars += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static TableTransactionAction SentinelAction(string instanceId, string executionId, int count, ETag etag)
    {
        var sentinel = new TableEntity(instanceId, SentinelKey) { ["ExecutionId"] = executionId, ["Count"] = count };
        return etag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, sentinel)
            : etag == ETag.All
                ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, sentinel)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, sentinel, etag);
    }

    private async Task<ETag> SubmitAsync(string instanceId, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken);
            return response.Value[^1].Headers.ETag ?? ETag.All;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new WorkItemLockLostException($"The history of '{instanceId}' was changed by another writer; this episode was not recorded.");
        }
    }

    private async Task<TableEntity> WriteEventAsync(string instanceId, string rowKey, HistoryEvent e, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(e, MessageCodec.Json);
        var (inline, blob) = await payloads.OffloadIfLargeAsync(instanceId, json, cancellationToken);
        return new TableEntity(instanceId, rowKey) { ["EventType"] = e.EventType.ToString(), ["Event"] = inline, ["EventBlob"] = blob };
    }

    private async Task<HistoryEvent> ReadEventAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var json = row.GetString("EventBlob") is { } blob ? await payloads.LoadAsync(blob, cancellationToken) : row.GetString("Event");
        return JsonSerializer.Deserialize<HistoryEvent>(json, MessageCodec.Json)!;
    }

    private static string RowKey(string executionId, int sequence)
        => string.Create(CultureInfo.InvariantCulture, $"{executionId}-{sequence:D8}");
}
