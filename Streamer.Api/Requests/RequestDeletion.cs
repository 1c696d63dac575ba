using Microsoft.DurableTask.Client;
using Streamer.Activities.RequestData;
using Streamer.Activities.Sdk;

namespace Streamer.Api.Requests;

/// <summary>
/// Deletes one request that no longer runs, everywhere it is stored: first what handlers stored for it (every
/// <see cref="IRequestArtifacts"/>: output files, work blobs) and what its orchestration referred to (its payload, plan
/// segments and chunk results in the <see cref="IRequestDataStore"/>), then its orchestration's history and state, last its
/// index rows. Every step is idempotent and the index record goes last, so a delete that fails or crashes part-way
/// leaves a request that a retried purge or the next retention sweep still finds and finishes deleting; deleting the
/// record first would orphan files nothing could find any more.
/// </summary>
/// <remarks>Callers check that the request is not running: deleting a running request's work blobs would break it.</remarks>
internal sealed class RequestDeletion(RequestStore store, IRequestDataStore data, IEnumerable<IRequestArtifacts> artifacts)
{
    private readonly IRequestArtifacts[] _artifacts = [.. artifacts];

    /// <summary>Deletes the request of <paramref name="record"/>; <paramref name="hasInstance"/> says whether its orchestration still exists.</summary>
    public async Task DeleteAsync(DurableTaskClient client, RequestRecord record, bool hasInstance, CancellationToken cancellationToken)
    {
        var request = new ActionRequest(record.RequestId, record.Action, new RequestOwner(record.TenantId, record.UserId));
        foreach (var artifact in _artifacts)
        {
            await artifact.DeleteAsync(request, cancellationToken);
        }

        await data.DeleteAllAsync(record.InstanceId, cancellationToken);

        if (hasInstance)
        {
            await client.PurgeInstanceAsync(record.InstanceId, cancellation: cancellationToken);
        }

        await store.DeleteAsync(record, cancellationToken);
    }
}
