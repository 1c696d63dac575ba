namespace Streamer.Durable;

/// <summary>
/// The orchestrator broke a determinism rule: its replay no longer matches the recorded history
/// (its code changed under a running instance), or it awaited something that is not a durable task.
/// The instance is failed with this error; see the README section "Rules for orchestrator code".
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Creates the exception with a message that names the broken rule.</summary>
    public NonDeterministicOrchestrationException(string message)
        : base(message)
    {
    }
}
