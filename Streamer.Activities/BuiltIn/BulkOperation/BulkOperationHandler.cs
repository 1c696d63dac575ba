using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>
/// <c>bulk_operation</c>: creates, updates or deletes 1–10,000 entities of one type in the owner's partition of the
/// entities table, one table transaction per chunk of <c>batch_size</c> items. An item that cannot be applied (an
/// update or delete of a missing entity) is reported in the output; it does not fail the request.
/// </summary>
/// <remarks>
/// A retried batch has the same effect and reports the same outcome: create is an upsert and update a merge of the
/// same values; before writing, a batch records which items were missing (a marker in the work container), so when
/// a retry finds its deletes already done it still reports exactly the items that were missing the first time.
/// </remarks>
public sealed class BulkOperationHandler(BuiltInStorage storage, TimeProvider time)
    : ActionHandler<BulkOperationPayload, BulkOperationChunk, BulkBatchResult, BulkOperationOutput>
{
    /// <summary>The most items one request may carry.</summary>
    public const int MaxItems = 10_000;

    /// <summary>The largest batch: an entity group transaction holds at most 100 operations.</summary>
    public const int MaxBatchSize = 100;

    /// <summary>The batch size when the payload gives none.</summary>
    public const int DefaultBatchSize = 25;

    /// <summary>The most failures the output lists (all are counted).</summary>
    public const int MaxListedFailures = 1_000;

    private static readonly string[] Operations = ["create", "update", "delete"];

    // Two users: few enough to run inline, so trying it shows the 200 path.
    private static readonly JsonElement ExamplePayload = JsonElement.Parse("""
        {
          "operation": "create",
          "entity_type": "user",
          "items": [
            { "id": "u1", "email": "ann@example.com", "name": "Ann" },
            { "id": "u2", "email": "bob@example.com", "name": "Bob" }
          ],
          "batch_size": 25
        }
        """);

    // Retries happen within minutes (retry policy, lock expiry); a marker older than this belongs to an earlier
    // request that reused the id after being purged, and following it could skip real work.
    private static readonly TimeSpan MarkerLifetime = TimeSpan.FromHours(6);

    /// <inheritdoc />
    public override string Name => "bulk_operation";

    /// <inheritdoc />
    public override JsonElement? Example => ExamplePayload;

    /// <summary>Batches are independent (each entity appears once per request), so a few run at once.</summary>
    public override ChunkExecution Execution => ChunkExecution.Parallel(4);

    /// <inheritdoc />
    protected override void Validate(BulkOperationPayload payload, PayloadErrors errors)
    {
        errors.OneOf(payload.Operation, Operations, "operation");
        errors.OneOf(payload.EntityType, [.. EntitySchema.All.Keys], "entity_type");
        errors.InRange(payload.BatchSize, 1, MaxBatchSize, "batch_size");
        if (payload.Items.Count is 0 or > MaxItems)
        {
            errors.Add("items", $"must have between 1 and {MaxItems} items; got {payload.Items.Count}");
            return;
        }

        if (errors.IsValid)
        {
            BulkItemReader.ReadAll(payload.Items, ParseOperation(payload.Operation), EntitySchema.All[payload.EntityType], errors);
        }

        if (errors.IsValid)
        {
            ChunkInputBudget.Check(payload, errors);
        }
    }

    /// <summary>A handful of items (about 50 at most) finish within the default 5 s sync threshold; more run as a durable request.</summary>
    protected override TimeSpan EstimateDuration(BulkOperationPayload payload)
        => TimeSpan.FromMilliseconds(500 + (50 * payload.Items.Count));

    /// <inheritdoc />
    protected override Task<IReadOnlyList<BulkOperationChunk>> PlanAsync(ActionRequest request, BulkOperationPayload payload, CancellationToken cancellationToken)
    {
        var chunks = new List<BulkOperationChunk>();
        for (var start = 0; start < payload.Items.Count; start += payload.BatchSize)
        {
            chunks.Add(new BulkOperationChunk(chunks.Count, start, Math.Min(payload.BatchSize, payload.Items.Count - start)));
        }

        return Task.FromResult<IReadOnlyList<BulkOperationChunk>>(chunks);
    }

    /// <inheritdoc />
    protected override async Task<BulkBatchResult> ProcessChunkAsync(BulkOperationPayload payload, BulkOperationChunk chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var operation = ParseOperation(payload.Operation);
        var schema = EntitySchema.All[payload.EntityType];
        var owner = context.Request.Owner.Key;
        var partition = EntityStore.PartitionKey(owner, schema.Name);
        var items = ReadBatch(payload, chunk, operation, schema);
        context.Progress.Report(0, $"Batch {chunk.Index + 1} of {context.Count}: {payload.Operation} {items.Count} {schema.Name}(s)", stage: "writing");

        var markerName = string.Create(CultureInfo.InvariantCulture, $"bulk_operation/batch-{chunk.Index:D5}.json");
        var fingerprint = Fingerprint(payload, chunk);
        var marker = await storage.Work.ReadAsync<BulkBatchMarker>(owner, context.Request.RequestId, markerName, cancellationToken);
        if (marker is null || marker.Fingerprint != fingerprint || time.GetUtcNow() - marker.CreatedAt > MarkerLifetime)
        {
            marker = new BulkBatchMarker(fingerprint, time.GetUtcNow(), [], null);
            if (operation != BulkOperationKind.Create)
            {
                // Fix which items count as missing before anything is written; a create has nothing to fix, since upserts report the same on a retry.
                marker = marker with { Missing = await storage.Entities.FindMissingAsync(partition, [.. items.Select(i => i.Id)], cancellationToken) };
                await storage.Work.WriteAsync(owner, context.Request.RequestId, markerName, marker, cancellationToken);
            }
        }
        else if (marker.Result is { } done)
        {
            return done;
        }

        context.Progress.Report(30, $"Batch {chunk.Index + 1} of {context.Count}: applying");
        var missingIds = marker.Missing.ToHashSet(StringComparer.Ordinal);
        var failures = items
            .Where(item => missingIds.Contains(item.Id))
            .Select(item => new BulkItemFailure(item.Index, item.Id, BulkItemFailure.NotFound, $"No {schema.Name} with id '{item.Id}' exists."))
            .ToList();
        failures.AddRange(await storage.Entities.ApplyAsync(operation, partition, [.. items.Where(item => !missingIds.Contains(item.Id))], cancellationToken));
        var result = new BulkBatchResult(items.Count - failures.Count, [.. failures.OrderBy(f => f.Index)]);
        await storage.Work.WriteAsync(owner, context.Request.RequestId, markerName, marker with { Result = result }, cancellationToken);
        return result;
    }

    /// <inheritdoc />
    protected override async Task<BulkOperationOutput> FinalizeAsync(ActionRequest request, BulkOperationPayload payload, IReadOnlyList<BulkBatchResult> chunkResults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await storage.Work.DeleteAllAsync(request.Owner.Key, request.RequestId, cancellationToken);
        var failures = chunkResults.SelectMany(r => r.Failures).ToList();
        return new BulkOperationOutput(
            payload.Operation,
            payload.EntityType,
            payload.Items.Count,
            chunkResults.Sum(r => r.Succeeded),
            failures.Count,
            chunkResults.Count,
            [.. failures.Take(MaxListedFailures)],
            failures.Count > MaxListedFailures);
    }

    internal static BulkOperationKind ParseOperation(string operation) => operation switch
    {
        "create" => BulkOperationKind.Create,
        "update" => BulkOperationKind.Update,
        "delete" => BulkOperationKind.Delete,
        _ => throw new PayloadRejectedException($"payload.operation: must be one of 'create', 'update', 'delete'; got '{operation}'"),
    };

    private static List<BulkItem> ReadBatch(BulkOperationPayload payload, BulkOperationChunk chunk, BulkOperationKind operation, EntitySchema schema)
    {
        var errors = new PayloadErrors();
        var items = new List<BulkItem>(chunk.Count);
        for (var i = chunk.Start; i < chunk.Start + chunk.Count; i++)
        {
            if (BulkItemReader.Read(payload.Items[i], i, operation, schema, errors) is { } item)
            {
                items.Add(item);
            }
        }

        // Validation passed before the request started; this only trips if the rules changed under a running request.
        return errors.IsValid ? items : throw new PayloadRejectedException($"{errors.Errors[0].Field}: {errors.Errors[0].Message}");
    }

    private static string Fingerprint(BulkOperationPayload payload, BulkOperationChunk chunk)
    {
        var text = new StringBuilder().Append(payload.Operation).Append('\n').Append(payload.EntityType).Append('\n');
        for (var i = chunk.Start; i < chunk.Start + chunk.Count; i++)
        {
            text.Append(payload.Items[i].GetRawText()).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
