using System.Text.Json;
using Microsoft.DurableTask;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Progress;
using Streamer.Activities.RequestData;
using Streamer.Activities.Sdk;
using Streamer.Activities.Tasks;

namespace Streamer.Activities.Orchestration;

/// <summary>
/// Drives any action: plan → run chunks (one at a time or a bounded fan-out, each with the handler's
/// retry policy) → custom status after each chunk → finalize → notify. A <see cref="CancelEventName"/>
/// event stops it at the next chunk boundary; it then fails with <see cref="RequestCanceledException"/>, which the
/// request API reports as <c>Canceled</c> (Durable's statuses have no cancelled state an orchestrator can reach).
/// </summary>
/// <remarks>
/// Each execution runs one segment of the plan (<see cref="ChunkOptions.ChunksPerSegment"/> chunks), stores the segment's
/// result refs and continues as new with a <see cref="RequestCursor"/>, as Durable's guidance does for long work: no
/// execution's history holds more than a segment, and its inputs carry neither the payload nor earlier results (docs/cost.md).
/// </remarks>
public sealed class RequestOrchestrator : TaskOrchestrator<RequestRun, JsonElement>
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

    /// <summary>What an execution that continues as new returns; the engine keeps only the last execution's output.</summary>
    private static readonly JsonElement ContinuedOutput = JsonSerializer.SerializeToElement<object?>(null);

    /// <inheritdoc />
    public override async Task<JsonElement> RunAsync(TaskOrchestrationContext context, RequestRun run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        var input = run.Request;
        var canceled = context.WaitForExternalEvent<JsonElement?>(CancelEventName);
        try
        {
            var (cursor, chunks) = await StartSegmentAsync(context, run, canceled);
            var results = await RunChunksAsync(context, input, cursor, chunks, canceled);
            if (cursor.HasNext)
            {
                await UnlessCanceled(context.CallActivityAsync<bool>(RequestTaskNames.SaveResults, new SegmentResults(input, cursor.Segment, results), Retried(cursor.Execution)), canceled);

                // A cancel that arrived but was not seen yet is handed to the next execution with the unprocessed events.
                context.ContinueAsNew(new ContinueAsNewOptions { NewInput = run with { Cursor = cursor.Next() }, PreserveUnprocessedEvents = true });
                return ContinuedOutput;
            }

            var output = await UnlessCanceled(
                context.CallActivityAsync<JsonElement>(RequestTaskNames.FinalizeRequest, new FinalizeInput(input, cursor.Segment, results), Retried(cursor.Execution)), canceled);
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

    /// <summary>The first execution plans the request and runs the plan's first segment; each later one loads its own segment.</summary>
    private static async Task<(RequestCursor Cursor, IReadOnlyList<JsonElement> Chunks)> StartSegmentAsync(TaskOrchestrationContext context, RequestRun run, Task canceled)
    {
        if (run.Cursor is { } cursor)
        {
            var loaded = await UnlessCanceled(
                context.CallActivityAsync<IReadOnlyList<JsonElement>>(RequestTaskNames.LoadChunks, new SegmentInput(run.Request, cursor.Segment), Retried(cursor.Execution)), canceled);
            return (cursor, loaded);
        }

        var plan = await UnlessCanceled(context.CallActivityAsync<ChunkPlan>(RequestTaskNames.PlanChunks, run.Request, Retried(ChunkExecution.Sequential)), canceled);
        return (new RequestCursor(plan.Count, plan.Execution, plan.SegmentSize, 0), plan.FirstSegment);
    }

    private static async Task<ChunkResultRef[]> RunChunksAsync(
        TaskOrchestrationContext context, RequestEnvelope input, RequestCursor cursor, IReadOnlyList<JsonElement> chunks, Task canceled)
    {
        var count = cursor.Count;
        var results = new ChunkResultRef[chunks.Count];
        var options = Retried(cursor.Execution);
        var running = new Dictionary<Task<ChunkResultRef>, int>();
        var next = 0;
        var completed = cursor.FirstChunk;
        while (completed < cursor.FirstChunk + chunks.Count)
        {
            while (running.Count < Math.Max(1, cursor.Execution.MaxParallelism) && next < chunks.Count)
            {
                var chunk = new ChunkInput(input, chunks[next], cursor.FirstChunk + next, count, completed);
                running.Add(context.CallActivityAsync<ChunkResultRef>(RequestTaskNames.RunChunk, chunk, options), next);
                next++;
            }

            var finished = await Task.WhenAny(running.Keys.Cast<Task>().Append(canceled));
            if (finished == canceled)
            {
                throw new RequestCanceledException();
            }

            var task = (Task<ChunkResultRef>)finished;
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
