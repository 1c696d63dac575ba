using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Streamer.Activities.Progress;
using Streamer.Activities.Telemetry;

namespace Streamer.Activities.Tasks;

/// <summary>Sends <c>completed</c> or <c>failed</c> to the request's owner, and records the outcome in <see cref="RequestMetrics"/>.</summary>
public sealed class NotifyOutcomeActivity(IRequestNotifier notifier, RequestMetrics metrics, TimeProvider time, IHostApplicationLifetime lifetime) : TaskActivity<RequestOutcome, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RequestOutcome input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request.ToActionRequest();
        var duration = time.GetUtcNow() - input.Request.AcceptedAt;
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
