using Streamer.Activities.Sdk;

namespace Streamer.Activities.Cancellation;

/// <summary>Where a request's cancellation is recorded, so chunks running on any host can see it.</summary>
public interface ICancellationStore
{
    /// <summary>Whether cancellation of the request has been requested.</summary>
    Task<bool> IsCancellationRequestedAsync(ActionRequest request, CancellationToken cancellationToken);
}
