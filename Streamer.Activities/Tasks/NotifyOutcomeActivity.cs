using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Streamer.Activities.Progress;
using Streamer.Activities.Telemetry;

namespace Streamer.Activities.Tasks;

/// <summary>
/// Records the request's outcome (<see cref="IOutcomeStore"/>), then sends <c>completed</c> or <c>failed</c> to its owner, and
/// counts it in <see cref="RequestMetrics"/>. Recording first means no client learns of an outcome that status reads do not show.
/// </summary>
public sealed class NotifyOutcomeActivity(IOutcomeStore outcomes, IRequestNotifier notifier, RequestMetrics metrics, TimeProvider time, IHostApplicationLifetime lifetime) : TaskActivity<RequestOutcome, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RequestOutcome input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request.ToActionRequest();
        var duration = time.GetUtcNow() - input.Request.AcceptedAt;
        await outcomes.RecordOutcomeAsync(request, input.Error is null ? input.Output ?? default(JsonElement) : null, input.Error, lifetime.ApplicationStopping);
        if (input.Error is { } error)
        {
            await notifier.FailedAsync(request, error, lifetime.ApplicationStopping);
            if (error.Code == RequestError.CanceledCode)
            {
                metrics.Canceled(request.Action, duration);
            }
            else
            {
                metrics.Failed(request.Action, RequestMode.Async, error.Code, duration);
            }
        }
        else
        {
            await notifier.CompletedAsync(request, input.Output ?? default, lifetime.ApplicationStopping);
            metrics.Completed(request.Action, RequestMode.Async, duration);
        }

        return true;
    }
}
