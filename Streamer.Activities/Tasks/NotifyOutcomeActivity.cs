using Streamer.Activities.Progress;
using Streamer.Durable;

namespace Streamer.Activities.Tasks;

/// <summary>Sends <c>completed</c> or <c>failed</c> to the request's owner.</summary>
public sealed class NotifyOutcomeActivity(IRequestNotifier notifier) : TaskActivity<RequestOutcome, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RequestOutcome input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request.ToActionRequest();
        if (input.Error is { } error)
        {
            await notifier.FailedAsync(request, error, context.CancellationToken);
        }
        else
        {
            await notifier.CompletedAsync(request, input.Output ?? default, context.CancellationToken);
        }

        return true;
    }
}
