using Streamer.Durable.History;

namespace Streamer.Durable.Execution;

/// <summary>What one episode of an orchestrator produced.</summary>
internal sealed record ExecutionOutcome
{
    /// <summary>Events to append to history: the episode's inputs that were applied, the actions it scheduled, and its end.</summary>
    public required IReadOnlyList<HistoryEvent> NewEvents { get; init; }

    /// <summary>The status after the episode.</summary>
    public required OrchestrationRuntimeStatus Status { get; init; }

    /// <summary>The serialized output (or terminate reason, or next input for continue-as-new).</summary>
    public string? Output { get; init; }

    /// <summary>Why the orchestration failed or was canceled.</summary>
    public TaskFailureDetails? Failure { get; init; }

    /// <summary>The serialized custom status.</summary>
    public string? CustomStatus { get; init; }

    /// <summary>For continue-as-new: the events (and suspend/resume requests) to carry into the next generation, in arrival order.</summary>
    public IReadOnlyList<HistoryEvent> CarryOverEvents { get; init; } = [];
}
