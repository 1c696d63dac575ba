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
        FailureDetails = (state.FailureDetails ?? FailureFromOutput(state))?.ToTaskFailureDetails(),
        Tags = state.Tags is { Count: > 0 } tags ? new Dictionary<string, string>(tags) : new Dictionary<string, string>(),
    };

    public static TaskFailureDetails ToTaskFailureDetails(this FailureDetails failure)
        => new(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, failure.InnerFailure?.ToTaskFailureDetails(), null);

    /// <summary>
    /// The Azure Storage provider keeps no failure details in its instance table: it stores a failed instance's output as
    /// <c>{ErrorType}: {ErrorMessage}</c> (<see cref="FailureDetails.ToString"/>). Read them back from there; the inner
    /// failures are only in the history's <c>ExecutionCompleted</c> event.
    /// </summary>
    private static FailureDetails? FailureFromOutput(OrchestrationState state)
    {
        if (state.OrchestrationStatus != OrchestrationStatus.Failed || string.IsNullOrEmpty(state.Output))
        {
            return null;
        }

        var separator = state.Output.IndexOf(": ", StringComparison.Ordinal);
        return separator > 0 && !state.Output.AsSpan(0, separator).Contains(' ')
            ? new FailureDetails(state.Output[..separator], state.Output[(separator + 2)..], stackTrace: null, innerFailure: null, isNonRetriable: false)
            : new FailureDetails(typeof(Exception).FullName!, state.Output, stackTrace: null, innerFailure: null, isNonRetriable: false);
    }

    public static OrchestrationStatus ToCore(this OrchestrationRuntimeStatus status) => (OrchestrationStatus)status;

    public static bool IsTerminal(this OrchestrationStatus status) => status is OrchestrationStatus.Completed
        or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    /// <summary>DTFx keeps times as <see cref="DateTime"/> in UTC, sometimes with an unspecified kind.</summary>
    private static DateTimeOffset AsUtc(DateTime time)
        => time == default ? default : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
