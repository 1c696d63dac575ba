namespace Streamer.Durable;

/// <summary>
/// Base class for an orchestrator: deterministic code that schedules durable work through its
/// <see cref="TaskOrchestrationContext"/>. The engine replays it from history after every await,
/// so it must only await tasks from the context and must not read clocks, random numbers, or I/O
/// directly. Registered under its class name unless another name is given.
/// </summary>
/// <typeparam name="TInput">The orchestration input.</typeparam>
/// <typeparam name="TOutput">The orchestration output.</typeparam>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <summary>The orchestration logic.</summary>
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input)
        => await RunAsync(context, (TInput)input!);
}
