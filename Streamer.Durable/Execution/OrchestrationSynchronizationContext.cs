namespace Streamer.Durable.Execution;

/// <summary>
/// Runs orchestrator continuations one at a time on the thread executing the episode. Anything
/// posted from another thread, or between episodes, came from a task the orchestration context did
/// not create (Task.Delay, Task.Run, I/O) and is recorded as a determinism violation instead of run.
/// </summary>
internal sealed class OrchestrationSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private int _ownerThreadId = -1;
    private volatile string? _violation;

    /// <summary>A description of the first continuation that arrived from outside the orchestration, if any.</summary>
    public string? Violation => _violation;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId != Volatile.Read(ref _ownerThreadId))
        {
            _violation ??= "a continuation was scheduled from outside the orchestration thread (an awaited Task.Delay, Task.Run, I/O or ConfigureAwait(false) call)";
            return;
        }

        _queue.Enqueue((d, state));
    }

    public override void Send(SendOrPostCallback d, object? state)
        => throw new NotSupportedException("Orchestrator code cannot block on its synchronization context.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Makes this context current on the calling thread and accepts posts from it.</summary>
    public Scope Enter()
    {
        var previous = Current;
        Volatile.Write(ref _ownerThreadId, Environment.CurrentManagedThreadId);
        SetSynchronizationContext(this);
        return new Scope(this, previous);
    }

    /// <summary>True when the calling thread is running an episode of this orchestration.</summary>
    public bool IsOnOwnerThread => Environment.CurrentManagedThreadId == Volatile.Read(ref _ownerThreadId);

    /// <summary>Runs queued continuations until none are left.</summary>
    public void Drain()
    {
        while (_queue.TryDequeue(out var item))
        {
            item.Callback(item.State);
        }
    }

    internal readonly struct Scope(OrchestrationSynchronizationContext owner, SynchronizationContext? previous) : IDisposable
    {
        public void Dispose()
        {
            Volatile.Write(ref owner._ownerThreadId, -1);
            SetSynchronizationContext(previous);
        }
    }
}
