using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;

namespace Streamer.Api.Requests;

/// <summary>
/// The request index in Azure Tables. Each owner is one partition holding, per request, a record row
/// (<c>r:{id}</c>, point reads for ownership and idempotency), a listing row (<c>c:{newest-first ticks}:{id}</c>,
/// written in the same transaction) and a progress row (<c>p:{id}</c>, updated under its ETag so that
/// concurrent hosts never hand out the same sequence number twice). The progress row also receives the request's
/// outcome when it ends, after which its progress no longer changes.
/// </summary>
internal sealed class RequestStore(TableClient table, TimeProvider time) : IProgressStore, ICancellationStore, IOutcomeStore
{
    private const string RecordPrefix = "r:";
    private const string ListingPrefix = "c:";
    private const string ProgressPrefix = "p:";

    // Table string properties hold at most 32 K characters; keep progress rows well inside a single entity.
    private const int MaxStoredDetailsLength = 16 * 1024;

    // A binary property holds at most 64 KiB and an entity 1 MiB: outputs up to 15 parts are recorded with the outcome.
    private const int OutputPartBytes = 64 * 1024;
    private const int MaxOutputParts = 15;

    // Requests whose progress this host wrote recently, beyond which the cache of their last write starts over.
    private const int MaxRememberedProgress = 10_000;

    private readonly ConcurrentDictionary<(string PartitionKey, string RowKey), WrittenProgress> _lastWritten = new();

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>One bounded read of the table (a key no row has), to learn whether storage answers.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
        => await table.GetEntityIfExistsAsync<TableEntity>("probe", "probe", select: ["PartitionKey"], cancellationToken);

    /// <summary>Adds the record, or returns the one already stored under its id (created = false).</summary>
    public async Task<(RequestRecord Record, bool Created)> AddOrGetAsync(RequestRecord record, CancellationToken cancellationToken)
    {
        var owner = new RequestOwner(record.TenantId, record.UserId);
        var row = ToEntity(record, owner.Key, RecordPrefix + record.RequestId);
        var listing = ToEntity(record, owner.Key, ListingKey(record));
        try
        {
            await table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, row), new TableTransactionAction(TableTransactionActionType.Add, listing)], cancellationToken);
            return (record, true);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            var existing = await GetAsync(owner, record.RequestId, cancellationToken)
                ?? throw new InvalidOperationException($"Request '{record.RequestId}' conflicted on insert but cannot be read.", ex);
            return (existing, false);
        }
    }

    public async Task<RequestRecord?> GetAsync(RequestOwner owner, string requestId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(owner.Key, RecordPrefix + requestId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>One page of the owner's requests, newest first.</summary>
    public async Task<(IReadOnlyList<RequestRecord> Records, string? ContinuationToken)> ListAsync(RequestOwner owner, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {owner.Key} and RowKey ge {ListingPrefix} and RowKey lt {"c;"}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: top, cancellationToken: cancellationToken).AsPages(continuationToken, top))
        {
            return ([.. page.Values.Select(FromEntity)], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Every owner's requests created before <paramref name="cutoff"/> (a cross-partition scan, for the retention sweep).</summary>
    public async IAsyncEnumerable<RequestRecord> ListCreatedBeforeAsync(DateTimeOffset cutoff, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {RecordPrefix} and RowKey lt {"r;"} and CreatedAt lt {cutoff}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    public async Task MarkCancelRequestedAsync(RequestRecord record, CancellationToken cancellationToken)
    {
        var key = new RequestOwner(record.TenantId, record.UserId).Key;
        var patch = new TableEntity(key, RecordPrefix + record.RequestId) { ["CancelRequested"] = true };
        await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task DeleteAsync(RequestRecord record, CancellationToken cancellationToken)
    {
        var key = new RequestOwner(record.TenantId, record.UserId).Key;
        foreach (var rowKey in new[] { ProgressPrefix + record.RequestId, ListingKey(record), RecordPrefix + record.RequestId })
        {
            // The record row goes last: while it exists, a retried delete can still find the others.
            await table.DeleteEntityAsync(key, rowKey, ETag.All, cancellationToken);
        }
    }

    public async Task<StoredProgress?> GetProgressAsync(RequestOwner owner, string requestId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(owner.Key, ProgressPrefix + requestId, cancellationToken: cancellationToken);
        return response.HasValue ? new StoredProgress(ProgressFromEntity(response.Value!), OutcomeFromEntity(response.Value!)) : null;
    }

    /// <summary>
    /// Merges the outcome into the progress row (creating it if needed). The write changes the row's ETag, so a progress
    /// update still in flight from a chunk fails its conditional write, re-reads the row and sees that the request ended.
    /// An output too large for one entity is not recorded; status reads then wait for the orchestration's own output.
    /// </summary>
    public async Task RecordOutcomeAsync(ActionRequest request, JsonElement? output, RequestError? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = error is null ? RequestRuntimeStatus.Completed : error.Code == RequestError.CanceledCode ? RequestRuntimeStatus.Canceled : RequestRuntimeStatus.Failed;
        var entity = new TableEntity(request.Owner.Key, ProgressPrefix + request.RequestId)
        {
            ["Outcome"] = status.ToString(),
            ["EndedAt"] = time.GetUtcNow(),
        };
        if (error is not null)
        {
            entity["ErrorCode"] = error.Code;
            entity["ErrorMessage"] = error.Message;
        }
        else if (output is { ValueKind: not JsonValueKind.Undefined } value)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
            var parts = (bytes.Length + OutputPartBytes - 1) / OutputPartBytes;
            if (parts > MaxOutputParts)
            {
                return;
            }

            entity["OutputParts"] = parts;
            for (var i = 0; i < parts; i++)
            {
                entity[$"Output{i}"] = bytes.AsSpan(i * OutputPartBytes, Math.Min(OutputPartBytes, bytes.Length - (i * OutputPartBytes))).ToArray();
            }
        }

        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
        _lastWritten.TryRemove((request.Owner.Key, entity.RowKey), out _);
    }

    public async Task<RequestProgress> AdvanceAsync(ActionRequest request, ProgressUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(update);
        var rowKey = ProgressPrefix + request.RequestId;
        var cacheKey = (request.Owner.Key, rowKey);

        // Usually this host wrote the row last (a request's chunks run one host at a time): start from that write
        // and skip the read. A stale ETag fails the write with 412, and the loop below re-reads and merges.
        if (_lastWritten.TryGetValue(cacheKey, out var last) && await TryWriteAsync(last.Progress.Advance(update, time.GetUtcNow()), last.ETag) is { } fast)
        {
            return fast;
        }

        while (true)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(request.Owner.Key, rowKey, cancellationToken: cancellationToken);
            if (current.HasValue && current.Value!.ContainsKey("Outcome"))
            {
                // The request has ended: its last progress stays as it was when the outcome was recorded.
                return ProgressFromEntity(current.Value);
            }

            var next = (current.HasValue ? ProgressFromEntity(current.Value!) : RequestProgress.None).Advance(update, time.GetUtcNow());
            if (await TryWriteAsync(next, current.HasValue ? current.Value!.ETag : null) is { } written)
            {
                return written;
            }
        }

        // Null when another host advanced the row first.
        async Task<RequestProgress?> TryWriteAsync(RequestProgress next, ETag? ifMatch)
        {
            var entity = ProgressToEntity(request.Owner.Key, rowKey, next);
            try
            {
                var response = ifMatch is { } etag
                    ? await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)
                    : await table.AddEntityAsync(entity, cancellationToken);
                if (response.Headers.ETag is { } written)
                {
                    Remember(cacheKey, new WrittenProgress(next, written));
                }

                return next;
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict or (int)HttpStatusCode.NotFound)
            {
                _lastWritten.TryRemove(cacheKey, out _);
                return null;
            }
        }
    }

    private void Remember((string, string) key, WrittenProgress written)
    {
        // Bounded: the cache only saves reads, so dropping it all now and then costs one read per running request.
        if (_lastWritten.Count >= MaxRememberedProgress)
        {
            _lastWritten.Clear();
        }

        _lastWritten[key] = written;
    }

    public async Task<bool> IsCancellationRequestedAsync(ActionRequest request, CancellationToken cancellationToken)
        => (await GetAsync(request.Owner, request.RequestId, cancellationToken))?.CancelRequested == true;

    private static string ListingKey(RequestRecord record)
        => ListingPrefix + (DateTimeOffset.MaxValue.UtcTicks - record.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + ":" + record.RequestId;

    private static TableEntity ToEntity(RequestRecord record, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["RequestId"] = record.RequestId,
        ["Action"] = record.Action,
        ["InstanceId"] = record.InstanceId,
        ["BodyHash"] = record.BodyHash,
        ["TenantId"] = record.TenantId,
        ["UserId"] = record.UserId,
        ["CreatedAt"] = record.CreatedAt,
        ["CancelRequested"] = record.CancelRequested,
    };

    private static RequestRecord FromEntity(TableEntity entity) => new(
        entity.GetString("RequestId"),
        entity.GetString("Action"),
        entity.GetString("InstanceId"),
        entity.GetString("BodyHash"),
        entity.GetString("TenantId"),
        entity.GetString("UserId"),
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        entity.GetBoolean("CancelRequested") ?? false);

    private static TableEntity ProgressToEntity(string partitionKey, string rowKey, RequestProgress progress)
    {
        var details = progress.Details is { } d ? d.GetRawText() : null;
        return new TableEntity(partitionKey, rowKey)
        {
            ["Sequence"] = progress.Sequence,
            ["Percentage"] = progress.Percentage,
            ["Message"] = progress.Message,
            ["Stage"] = progress.Stage,
            ["Details"] = details is { Length: <= MaxStoredDetailsLength } ? details : null,
            ["UpdatedAt"] = progress.UpdatedAt,
        };
    }

    private static RequestProgress ProgressFromEntity(TableEntity entity)
    {
        var details = entity.GetString("Details");
        return new RequestProgress(
            entity.GetInt64("Sequence") ?? 0,
            entity.GetDouble("Percentage") ?? 0,
            entity.GetString("Message") ?? string.Empty,
            entity.GetString("Stage"),
            details is null ? null : JsonSerializer.Deserialize<JsonElement>(details),
            entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
    }

    private static RequestOutcomeRecord? OutcomeFromEntity(TableEntity entity)
    {
        if (!Enum.TryParse<RequestRuntimeStatus>(entity.GetString("Outcome"), out var status))
        {
            return null;
        }

        var endedAt = entity.GetDateTimeOffset("EndedAt") ?? DateTimeOffset.MinValue;
        if (entity.GetString("ErrorCode") is { } code)
        {
            return new RequestOutcomeRecord(status, null, new RequestError(code, entity.GetString("ErrorMessage") ?? string.Empty), endedAt);
        }

        var parts = entity.GetInt32("OutputParts") ?? 0;
        var bytes = new List<byte>();
        for (var i = 0; i < parts; i++)
        {
            bytes.AddRange(entity.GetBinary($"Output{i}") ?? []);
        }

        return new RequestOutcomeRecord(status, parts == 0 ? null : JsonSerializer.Deserialize<JsonElement>(bytes.ToArray()), null, endedAt);
    }

    /// <summary>A progress row as this host last wrote it, and the ETag the write returned.</summary>
    private sealed record WrittenProgress(RequestProgress Progress, ETag ETag);
}
