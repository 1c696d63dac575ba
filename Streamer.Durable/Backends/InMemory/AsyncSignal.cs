namespace Streamer.Durable.Backends.InMemory;

/// <summary>A broadcast "something changed" signal; callers hold the backend's lock around both methods.</summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource? _waiters;

    /// <summary>A task that completes at the next <see cref="Set"/>.</summary>
    public Task WaitAsync() => (_waiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes everyone waiting; costs nothing when nobody waits.</summary>
    public void Set()
    {
        var waiters = _waiters;
        _waiters = null;
        waiters?.TrySetResult();
    }
}
