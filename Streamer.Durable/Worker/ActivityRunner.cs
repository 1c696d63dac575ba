using Microsoft.Extensions.DependencyInjection;
using Streamer.Durable.Backends;
using Streamer.Durable.History;
using Streamer.Durable.Serialization;
using Streamer.Durable.Telemetry;

namespace Streamer.Durable.Worker;

/// <summary>Runs one activity invocation in its own DI scope and turns its outcome into a result event.</summary>
internal sealed class ActivityRunner(DurableTaskRegistry registry, IServiceScopeFactory scopes, DataConverter converter, TimeProvider time)
{
    /// <summary>Runs the activity; returns null when it was cancelled by shutdown and must be retried.</summary>
    public async Task<HistoryEvent?> RunAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        var scheduled = workItem.Scheduled;
        using var span = DurableTelemetry.StartActivity(scheduled.Name, workItem.Instance.InstanceId, scheduled.EventId, scheduled.Trace);
        if (!registry.TryGetActivity(scheduled.Name, out var factory))
        {
            return Failed(new TaskFailureDetails(
                typeof(InvalidOperationException).FullName!,
                $"No activity named '{scheduled.Name}' is registered with this worker. Register it with AddTasks(r => r.AddActivity<...>())."));
        }

        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var activity = factory(scope.ServiceProvider);
            var input = converter.Deserialize(scheduled.Input, activity.InputType);
            var context = new TaskActivityContext(scheduled.Name, workItem.Instance.InstanceId, scheduled.EventId, cancellationToken);
            var output = await activity.RunAsync(context, input);
            return new TaskCompletedEvent(time.GetUtcNow(), scheduled.EventId, converter.Serialize(output));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            return Failed(TaskFailureDetails.FromException(ex));
        }

        HistoryEvent Failed(TaskFailureDetails details)
        {
            DurableTelemetry.SetFailed(span, details);
            return new TaskFailedEvent(time.GetUtcNow(), scheduled.EventId, details);
        }
    }
}
