using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Streamer.Durable.AzureStorage.Messaging;
using Streamer.Durable.AzureStorage.Payloads;

namespace Streamer.Durable.AzureStorage.Tracking;

/// <summary>The Instances table: one row per instance (partition key = instance id) with its state.</summary>
internal sealed class InstanceStore(TableClient table, PayloadStore payloads)
{
    private static readonly string[] LargeProperties = ["Input", "Output", "CustomStatus", "FailureDetails"];

    public async Task<(OrchestrationMetadata State, ETag ETag)?> GetAsync(string instanceId, bool includeInputsAndOutputs, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, string.Empty, cancellationToken: cancellationToken);
        return row.HasValue ? (await ToMetadataAsync(row.Value!, includeInputsAndOutputs, cancellationToken), row.Value!.ETag) : null;
    }

    /// <summary>Inserts a new row; false when the instance already exists.</summary>
    public async Task<bool> TryAddAsync(OrchestrationMetadata state, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(await ToEntityAsync(state, cancellationToken), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the row if it is unchanged since it was read; false when someone else changed it first.</summary>
    public async Task<bool> TryReplaceAsync(OrchestrationMetadata state, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(await ToEntityAsync(state, cancellationToken), ifMatch, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Writes the state a worker computed; only the owner of the instance's partition calls this.</summary>
    public async Task WriteAsync(OrchestrationMetadata state, CancellationToken cancellationToken)
        => await table.UpsertEntityAsync(await ToEntityAsync(state, cancellationToken), TableUpdateMode.Replace, cancellationToken);

    public async Task DeleteAsync(string instanceId, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(instanceId, string.Empty, ifMatch, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    /// <summary>Every row matching the server-side part of the filter (status and created time).</summary>
    public async Task<List<OrchestrationMetadata>> QueryAsync(IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, DateTimeOffset? createdFrom, DateTimeOffset? createdTo, bool includeInputsAndOutputs, CancellationToken cancellationToken)
    {
        var clauses = new List<string>();
        if (statuses is { Count: > 0 })
        {
            clauses.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {s.ToString()}"))) + ")");
        }

        if (createdFrom is { } from)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from}"));
        }

        if (createdTo is { } to)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedAt lt {to}"));
        }

        var filter = clauses.Count == 0 ? null : string.Join(" and ", clauses);
        var results = new List<OrchestrationMetadata>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            results.Add(await ToMetadataAsync(row, includeInputsAndOutputs, cancellationToken));
        }

        return results;
    }

    private async Task<TableEntity> ToEntityAsync(OrchestrationMetadata state, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(state.InstanceId, string.Empty)
        {
            ["Name"] = state.Name,
            ["ExecutionId"] = state.ExecutionId,
            ["RuntimeStatus"] = state.RuntimeStatus.ToString(),
            ["CreatedAt"] = state.CreatedAt,
            ["LastUpdatedAt"] = state.LastUpdatedAt,
            ["ParentInstanceId"] = state.ParentInstanceId,
        };
        var large = new[]
        {
            state.SerializedInput,
            state.SerializedOutput,
            state.SerializedCustomStatus,
            state.FailureDetails is null ? null : JsonSerializer.Serialize(state.FailureDetails, MessageCodec.Json),
        };
        for (var i = 0; i < LargeProperties.Length; i++)
        {
            var (inline, blob) = await payloads.OffloadIfLargeAsync(state.InstanceId, large[i], cancellationToken);
            entity[LargeProperties[i]] = inline;
            entity[LargeProperties[i] + "Blob"] = blob;
        }

        return entity;
    }

    private async Task<OrchestrationMetadata> ToMetadataAsync(TableEntity row, bool includeInputsAndOutputs, CancellationToken cancellationToken)
    {
        async Task<string?> ReadAsync(string property)
            => row.GetString(property + "Blob") is { } blob ? await payloads.LoadAsync(blob, cancellationToken) : row.GetString(property);

        var failure = await ReadAsync("FailureDetails");
        return new OrchestrationMetadata
        {
            InstanceId = row.PartitionKey,
            Name = row.GetString("Name"),
            ExecutionId = row.GetString("ExecutionId"),
            RuntimeStatus = Enum.Parse<OrchestrationRuntimeStatus>(row.GetString("RuntimeStatus")),
            CreatedAt = row.GetDateTimeOffset("CreatedAt")!.Value,
            LastUpdatedAt = row.GetDateTimeOffset("LastUpdatedAt")!.Value,
            ParentInstanceId = row.GetString("ParentInstanceId"),
            SerializedInput = includeInputsAndOutputs ? await ReadAsync("Input") : null,
            SerializedOutput = includeInputsAndOutputs ? await ReadAsync("Output") : null,
            SerializedCustomStatus = await ReadAsync("CustomStatus"),
            FailureDetails = failure is null ? null : JsonSerializer.Deserialize<TaskFailureDetails>(failure, MessageCodec.Json),
        };
    }
}
