using System.Text.Json;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;
using Streamer.Activities.Telemetry;

namespace Streamer.Api.Realtime;

/// <summary>Turns request progress and outcomes into the SignalR messages of DESIGN §4.2, addressed to the owner.</summary>
internal sealed class RealtimeRequestNotifier(IRealtimeSender sender, RequestMetrics metrics, TimeProvider time) : IRequestNotifier
{
    public async Task ProgressAsync(ActionRequest request, RequestProgress progress, CancellationToken cancellationToken)
    {
        await sender.SendToUserAsync(request.Owner.SignalRUserId, RealtimeMethods.Progress,
            new ProgressMessage(request.RequestId, progress.Sequence, progress.Percentage, progress.Message, progress.Stage, progress.Details, progress.UpdatedAt),
            cancellationToken);
        metrics.ProgressSent();
    }

    public Task CompletedAsync(ActionRequest request, JsonElement output, CancellationToken cancellationToken)
        => sender.SendToUserAsync(request.Owner.SignalRUserId, RealtimeMethods.Completed, new CompletedMessage(request.RequestId, output, time.GetUtcNow()), cancellationToken);

    public Task FailedAsync(ActionRequest request, RequestError error, CancellationToken cancellationToken)
        => sender.SendToUserAsync(request.Owner.SignalRUserId, RealtimeMethods.Failed,
            new FailedMessage(request.RequestId, new FailedMessageError(error.Code, error.Message, error.Details, null), time.GetUtcNow()),
            cancellationToken);
}
