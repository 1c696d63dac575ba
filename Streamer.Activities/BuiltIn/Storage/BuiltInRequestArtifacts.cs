using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>
/// What the built-in actions store per request: its files in the outputs container (<c>{ownerKey}/{action}/{request}.{ext}</c>)
/// and its folder in the work container (<c>{ownerKey}/{request}/</c>). Both are looked for whatever the request's action
/// and outcome: a failed or canceled request leaves work blobs (and uncommitted file blocks) that no finalize deleted.
/// </summary>
internal sealed class BuiltInRequestArtifacts(BuiltInStorage storage) : IRequestArtifacts
{
    /// <inheritdoc />
    public Task DeleteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = request.Owner.Key;
        return Task.WhenAll(
            storage.Files.DeleteAllAsync(owner, request.Action, request.RequestId, cancellationToken),
            storage.Work.DeleteAllAsync(owner, request.RequestId, cancellationToken));
    }
}
