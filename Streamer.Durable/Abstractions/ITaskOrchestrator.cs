namespace Streamer.Durable;

/// <summary>
/// The untyped orchestrator contract the engine calls. Implement <see cref="TaskOrchestrator{TInput, TOutput}"/>
/// instead of this interface.
/// </summary>
public interface ITaskOrchestrator
{
    /// <summary>The type the serialized input is read as.</summary>
    Type InputType { get; }

    /// <summary>Runs the orchestrator. Called again for every replay, so it must be deterministic.</summary>
    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}
