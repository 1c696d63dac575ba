using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Progress;

/// <summary>
/// Delivers a request's progress, result or failure to its owner (over SignalR in the Streamer host).
/// Delivery is best effort: clients that miss a message catch up by polling the status endpoint.
/// </summary>
public interface IRequestNotifier
{
    /// <summary>Sends a <c>progress</c> message.</summary>
    Task ProgressAsync(ActionRequest request, RequestProgress progress, CancellationToken cancellationToken);

    /// <summary>Sends a <c>completed</c> message carrying the output.</summary>
    Task CompletedAsync(ActionRequest request, JsonElement output, CancellationToken cancellationToken);

    /// <summary>Sends a <c>failed</c> message.</summary>
    Task FailedAsync(ActionRequest request, RequestError error, CancellationToken cancellationToken);
}
