using System.Text.Json;
using Microsoft.DurableTask;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;
using Streamer.Activities.Tasks;

namespace Streamer.Activities.Orchestration;

/// <summary>
/// Drives any action: plan → run chunks (one at a time or a bounded fan-out, each with the handler's
/// retry policy) → custom status after each chunk → finalize → notify. A <see cref="CancelEventName"/>
/// event stops it at the next chunk boundary; it then fails with <see cref="RequestCanceledException"/>, which the
/// request API reports as <c>Canceled</c> (Durable's statuses have no cancelled state an orchestrator can reach).
/// </summary>
public sealed class RequestOrchestrator : TaskOrchestrator<RequestEnvelope, JsonElement>
{
    /// <summary>The orchestrator's registered name.</summary>
    public const string Name = "StreamerRequest";

    /// <summary>The external event that cancels a request.</summary>
    public const string CancelEventName = "cancel";

    /// <summary>
    /// Recording and announcing the outcome needs storage; it is retried for about two and a half minutes (1 s doubling
    /// to 30 s), so a storage outage or restart at the very end of a request does not turn a finished request into a
    /// failed one. Recording is an idempotent merge, so a retry repeats nothing but the message.
    /// </summary>
    private static readonly TaskOptions NotifyRetries = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    /// <inheritdoc />
    public override async Task<JsonElement> RunAsync(TaskOrchestrationContext context, RequestEnvelope input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var canceled = context.WaitForExternalEvent<JsonElement?>(CancelEventName);
        try
        {
            var plan = await UnlessCanceled(context.CallActivityAsync<ChunkPlan>(RequestTaskNames.PlanChunks, input, Retried(ChunkExecution.Sequential)), canceled);
            var results = await RunChunksAsync(context, input, plan, canceled);
            var output = await UnlessCanceled(context.CallActivityAsync<JsonElement>(RequestTaskNames.FinalizeRequest, new FinalizeInput(input, results), Retried(plan.Execution)), canceled);
            await context.CallActivityAsync(RequestTaskNames.NotifyOutcome, new RequestOutcome(input, output, null), NotifyRetries);
            return output;
        }
        catch (Exception ex) when (ex is RequestCanceledException || ex is TaskFailedException failed && failed.FailureDetails.IsCausedBy<RequestCanceledException>())
        {
            await context.CallActivityAsync(RequestTaskNames.NotifyOutcome, new RequestOutcome(input, null, RequestError.Canceled), NotifyRetries);

            // Also when a chunk saw the cancel before the orchestrator did: the request still ends Canceled.
            throw ex as RequestCanceledException ?? new RequestCanceledException("The request was canceled.", ex);
        }
        catch (TaskFailedException ex)
        {
            var error = ToError(ex, context.InstanceId);
            await context.CallActivityAsync(RequestTaskNames.NotifyOutcome, new RequestOutcome(input, null, error), NotifyRetries);

            // Durable's instance table keeps only the top-level failure (type and message), so the orchestration ends with
            // exactly what the owner was told: status reads then see the handler's message (field and rule) for VALIDATION,
            // and for anything else the failed step and a trace id, never an exception's own text.
            if (ex.FailureDetails.IsCausedBy<PayloadRejectedException>())
            {
                throw new PayloadRejectedException(error.Message);
            }

            throw new StepFailedException(error.Message);
        }
    }

    private static async Task<JsonElement[]> RunChunksAsync(TaskOrchestrationContext context, RequestEnvelope input, ChunkPlan plan, Task canceled)
    {
        var count = plan.Chunks.Count;
        var results = new JsonElement[count];
        var options = Retried(plan.Execution);
        var running = new Dictionary<Task<JsonElement>, int>();
        var next = 0;
        var completed = 0;
        while (completed < count)
        {
            while (running.Count < Math.Max(1, plan.Execution.MaxParallelism) && next < count)
            {
                var chunk = new ChunkInput(input, plan.Chunks[next], next, count, completed);
                running.Add(context.CallActivityAsync<JsonElement>(RequestTaskNames.RunChunk, chunk, options), next);
                next++;
            }

            var finished = await Task.WhenAny(running.Keys.Cast<Task>().Append(canceled));
            if (finished == canceled)
            {
                throw new RequestCanceledException();
            }

            var task = (Task<JsonElement>)finished;
            results[running[task]] = await task;
            running.Remove(task);
            completed++;
            context.SetCustomStatus(new RequestCustomStatus(Math.Round(100.0 * completed / count, 2), $"Finished {completed} of {count} chunk(s)", completed, count));
        }

        return results;
    }

    /// <summary>The handler's retry policy, for its plan, chunks and finalize.</summary>
    private static TaskOptions Retried(ChunkExecution execution)
        => TaskOptions.FromRetryPolicy(new RetryPolicy(execution.MaxAttempts, execution.FirstRetryInterval, backoffCoefficient: 2)
        {
            // A step stopped by the request's cancellation, or whose payload was rejected, fails the same way every time.
            HandleFailure = failure => !failure.IsCausedBy<RequestCanceledException>() && !failure.IsCausedBy<PayloadRejectedException>(),
        });

    private static async Task<T> UnlessCanceled<T>(Task<T> work, Task canceled)
    {
        if (await Task.WhenAny(work, canceled) == canceled)
        {
            throw new RequestCanceledException();
        }

        return await work;
    }

    private static RequestError ToError(TaskFailedException exception, string instanceId)
    {
        // Handler validation that only fails at run time (e.g. a data set that does not exist) is the client's
        // problem and says so; a step that failed says which, with the trace id its activity logged the error under
        // (StepFailures); a failure of the engine's own (an input it could not read, say) names the task and the request.
        var failure = exception.FailureDetails;
        if (failure.IsCausedBy<PayloadRejectedException>())
        {
            return new RequestError("VALIDATION", failure.ErrorMessage);
        }

        return failure.IsCausedBy<StepFailedException>()
            ? new RequestError("INTERNAL", failure.ErrorMessage)
            : new RequestError("INTERNAL", $"The request failed in {exception.TaskName}; the host's log has the error under request '{instanceId}'.");
    }
}
