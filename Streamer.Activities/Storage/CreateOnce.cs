namespace Streamer.Activities.Storage;

/// <summary>
/// Runs a create-if-not-exists once per process and lets every caller await the same task. A failed or
/// cancelled attempt is forgotten so the next caller tries again instead of inheriting the failure.
/// </summary>
internal sealed class CreateOnce(Func<CancellationToken, Task> create)
{
    private readonly Lock _gate = new();
    private Task? _task;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (_gate)
        {
            if (_task is null || _task.IsFaulted || _task.IsCanceled)
            {
                // Not the caller's token: one caller giving up must not fail the creation the others wait for.
                _task = create(CancellationToken.None);
            }

            task = _task;
        }

        return task.WaitAsync(cancellationToken);
    }
}
