using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Streamer.Durable.Client;

/// <summary>Maps DTFx's instance state onto durabletask-dotnet's <see cref="OrchestrationMetadata"/>.</summary>
internal static class OrchestrationStates
{
    public static OrchestrationMetadata ToMetadata(this OrchestrationState state, DataConverter converter, bool withInputsAndOutputs) => new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        DataConverter = converter,
        RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
        CreatedAt = AsUtc(state.CreatedTime),
        LastUpdatedAt = AsUtc(state.LastUpdatedTime),
        SerializedInput = withInputsAndOutputs ? state.Input : null,

        // A failed instance's output is its failure, reported as FailureDetails instead.
        SerializedOutput = withInputsAndOutputs && state.OrchestrationStatus != OrchestrationStatus.Failed ? state.Output : null,
        SerializedCustomStatus = withInputsAndOutputs ? state.Status : null,
        FailureDetails = state.FailureDetails?.ToTaskFailureDetails()
            ?? (state.OrchestrationStatus == OrchestrationStatus.Failed ? ParseFailureOutput(state.Output) : null),
        Tags = state.Tags is { Count: > 0 } tags ? new Dictionary<string, string>(tags) : new Dictionary<string, string>(),
    };

    /// <summary>
    /// The Azure Storage provider never reads a failed instance's failure details back from its Instances row: it keeps
    /// them only as the output, <c>"{ErrorType}: {ErrorMessage}"</c> (the history has them in full). Type names hold no
    /// <c>": "</c>, so the first one splits the two.
    /// </summary>
    public static TaskFailureDetails? ParseFailureOutput(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return null;
        }

        var separator = output.IndexOf(": ", StringComparison.Ordinal);
        return separator > 0 && !output.AsSpan(0, separator).ContainsAny(' ', '"')
            ? new TaskFailureDetails(output[..separator], output[(separator + 2)..], null, null, null)
            : new TaskFailureDetails(string.Empty, output, null, null, null);
    }

    public static TaskFailureDetails ToTaskFailureDetails(this FailureDetails failure)
        => new(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, failure.InnerFailure?.ToTaskFailureDetails(), null);

    public static OrchestrationStatus ToCore(this OrchestrationRuntimeStatus status) => (OrchestrationStatus)status;

    public static bool IsTerminal(this OrchestrationStatus status) => status is OrchestrationStatus.Completed
        or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    /// <summary>DTFx keeps times as <see cref="DateTime"/> in UTC, sometimes with an unspecified kind.</summary>
    private static DateTimeOffset AsUtc(DateTime time)
        => time == default ? default : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
