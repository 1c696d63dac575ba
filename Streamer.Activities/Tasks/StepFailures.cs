using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>
/// Turns what a handler threw into what its owner may see: a rejected payload, a cancel and our own step failures pass
/// as they are; anything else is logged here, whole, under a trace id, and becomes a <see cref="StepFailedException"/>
/// that names the step and that trace id.
/// </summary>
internal static partial class StepFailures
{
    /// <summary>Runs <paramref name="step"/>'s work; an unexpected exception is logged and replaced as described above.</summary>
    public static async Task<T> GuardAsync<T>(ILogger logger, string requestId, string step, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception ex) when (ex is not (PayloadRejectedException or RequestCanceledException or StepFailedException))
        {
            // The chunk's own trace when the host traces; otherwise a fresh id, still unique to this log line.
            var traceId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
            LogFailed(logger, step, requestId, traceId, ex);
            throw new StepFailedException($"{step} failed; the host logged the error under trace id {traceId}.", ex);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Step} of request {RequestId} failed (trace id {TraceId}).")]
    private static partial void LogFailed(ILogger logger, string step, string requestId, string traceId, Exception exception);
}
