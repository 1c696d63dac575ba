namespace Streamer.Durable;

/// <summary>
/// Base class for an activity: the unit of real work (I/O, computation) an orchestration schedules.
/// Activities run <b>at least once</b>: a worker that dies mid-activity causes it to run again
/// elsewhere, so make their effects idempotent (deterministic keys, upserts, per-task markers).
/// Instances are created from the service provider for each execution, so constructor injection works.
/// </summary>
/// <typeparam name="TInput">The activity input.</typeparam>
/// <typeparam name="TOutput">The activity output.</typeparam>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <summary>The activity logic; honour <see cref="TaskActivityContext.CancellationToken"/>.</summary>
    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input)
        => await RunAsync(context, (TInput)input!);
}
