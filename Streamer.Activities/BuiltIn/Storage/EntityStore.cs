using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Streamer.Activities.BuiltIn.BulkOperation;
using Streamer.Activities.Storage;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>
/// The entities of <c>bulk_operation</c>: PartitionKey <c>{ownerKey}|{entityType}</c>, RowKey the entity id, one
/// table property per field. A batch is one entity group transaction (all or nothing); when the service refuses
/// it, the batch is replayed item by item to find which items fail, so one bad item does not fail the rest.
/// </summary>
internal sealed class EntityStore
{
    private const int PointOperationParallelism = 16;

    private readonly TableClient _table;
    private readonly CreateOnce _created;

    public EntityStore(TableClient table)
    {
        _table = table;
        _created = new CreateOnce(async token => await table.CreateIfNotExistsAsync(token));
    }

    public string TableName => _table.Name;

    public static string PartitionKey(string ownerKey, string entityType) => ownerKey + "|" + entityType;

    /// <summary>The ids among <paramref name="ids"/> that have no entity (point reads, a few at a time).</summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(string partition, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = PointOperationParallelism, CancellationToken = cancellationToken }, async (id, token) =>
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, id, ["RowKey"], token);
            if (!found.HasValue)
            {
                missing.Add(id);
            }
        });
        return [.. missing.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Applies the operation to the items and returns those that failed. Create is an upsert (replace), update a
    /// merge that requires the entity, delete a delete that treats an entity already gone as done (the batch checked
    /// beforehand that it existed). Transient errors throw, so the chunk is retried.
    /// </summary>
    public async Task<IReadOnlyList<BulkItemFailure>> ApplyAsync(BulkOperationKind operation, string partition, IReadOnlyList<BulkItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return [];
        }

        await _created.EnsureAsync(cancellationToken);
        try
        {
            await _table.SubmitTransactionAsync(items.Select(item => ToAction(operation, partition, item)), cancellationToken);
            return [];
        }
        catch (TableTransactionFailedException ex) when (!IsTransient(ex.Status))
        {
            // Which item broke the transaction (and whether others would too) is only known item by item.
        }

        var failures = new ConcurrentBag<BulkItemFailure>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = PointOperationParallelism, CancellationToken = cancellationToken }, async (item, token) =>
        {
            if (await ApplyOneAsync(operation, partition, item, token) is { } failure)
            {
                failures.Add(failure);
            }
        });
        return [.. failures.OrderBy(f => f.Index)];
    }

    /// <summary>One entity, for tests and diagnostics.</summary>
    public async Task<TableEntity?> GetAsync(string partition, string id, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private async Task<BulkItemFailure?> ApplyOneAsync(BulkOperationKind operation, string partition, BulkItem item, CancellationToken cancellationToken)
    {
        try
        {
            switch (operation)
            {
                case BulkOperationKind.Create:
                    await _table.UpsertEntityAsync(ToEntity(partition, item), TableUpdateMode.Replace, cancellationToken);
                    return null;
                case BulkOperationKind.Update:
                    await _table.UpdateEntityAsync(ToEntity(partition, item), ETag.All, TableUpdateMode.Merge, cancellationToken);
                    return null;
                default:
                    await _table.DeleteEntityAsync(partition, item.Id, ETag.All, cancellationToken);
                    return null;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            if (operation == BulkOperationKind.Delete)
            {
                // The batch checked that it existed: an earlier attempt (or another request) already deleted it.
                return null;
            }

            return new BulkItemFailure(item.Index, item.Id, BulkItemFailure.NotFound, $"No {EntityTypeOf(partition)} with id '{item.Id}' exists.");
        }
        catch (RequestFailedException ex) when (!IsTransient(ex.Status))
        {
            return new BulkItemFailure(item.Index, item.Id, BulkItemFailure.Rejected, $"Storage refused the entity ({ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }
    }

    private static TableTransactionAction ToAction(BulkOperationKind operation, string partition, BulkItem item) => operation switch
    {
        BulkOperationKind.Create => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(partition, item)),
        BulkOperationKind.Update => new TableTransactionAction(TableTransactionActionType.UpdateMerge, ToEntity(partition, item), ETag.All),
        _ => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, item.Id), ETag.All),
    };

    private static TableEntity ToEntity(string partition, BulkItem item)
    {
        var entity = new TableEntity(partition, item.Id);
        foreach (var (name, value) in item.Properties)
        {
            entity[name] = value;
        }

        return entity;
    }

    private static string EntityTypeOf(string partition) => partition[(partition.LastIndexOf('|') + 1)..];

    private static bool IsTransient(int status) => status is 0 or 408 or 429 or >= 500;
}
