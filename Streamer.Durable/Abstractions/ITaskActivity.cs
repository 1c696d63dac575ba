namespace Streamer.Durable;

/// <summary>
/// The untyped activity contract the engine calls. Implement <see cref="TaskActivity{TInput, TOutput}"/>
/// instead of this interface.
/// </summary>
public interface ITaskActivity
{
    /// <summary>The type the serialized input is read as.</summary>
    Type InputType { get; }

    /// <summary>Runs the activity once.</summary>
    Task<object?> RunAsync(TaskActivityContext context, object? input);
}
