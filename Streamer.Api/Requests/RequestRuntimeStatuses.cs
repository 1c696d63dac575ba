using Microsoft.DurableTask.Client;
using Streamer.Activities.Cancellation;

namespace Streamer.Api.Requests;

/// <summary>Maps an orchestration's state onto a request's status.</summary>
public static class RequestRuntimeStatuses
{
    /// <summary>The status of the request <paramref name="instance"/> runs; <c>Pending</c> while it does not exist yet.</summary>
    public static RequestRuntimeStatus Of(OrchestrationMetadata? instance) => instance?.RuntimeStatus switch
    {
        null or OrchestrationRuntimeStatus.Pending => RequestRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running => RequestRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Completed => RequestRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed when instance.FailureDetails?.ErrorType == typeof(RequestCanceledException).FullName => RequestRuntimeStatus.Canceled,
        OrchestrationRuntimeStatus.Failed => RequestRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => RequestRuntimeStatus.Terminated,
        OrchestrationRuntimeStatus.Suspended => RequestRuntimeStatus.Suspended,

        // ContinuedAsNew (obsolete in durabletask-dotnet) is a restart in progress.
        _ => RequestRuntimeStatus.Running,
    };

    /// <summary>Whether a request in this status has finished for good.</summary>
    public static bool IsTerminal(this RequestRuntimeStatus status)
        => status is RequestRuntimeStatus.Completed or RequestRuntimeStatus.Failed or RequestRuntimeStatus.Canceled or RequestRuntimeStatus.Terminated;
}
