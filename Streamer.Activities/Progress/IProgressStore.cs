using Streamer.Activities.Sdk;

namespace Streamer.Activities.Progress;

/// <summary>
/// Keeps each request's latest progress where every host and the status endpoint can read it, and
/// assigns sequence numbers. Updates from concurrent hosts are serialised by the store (optimistic
/// concurrency), so sequences are unique and increasing per request.
/// </summary>
public interface IProgressStore
{
    /// <summary>Merges <paramref name="update"/> into the stored progress (see <see cref="RequestProgress.Advance"/>) and returns the new state.</summary>
    Task<RequestProgress> AdvanceAsync(ActionRequest request, ProgressUpdate update, CancellationToken cancellationToken);
}
