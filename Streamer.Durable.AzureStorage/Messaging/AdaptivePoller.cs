namespace Streamer.Durable.AzureStorage.Messaging;

/// <summary>
/// Polling delay that doubles while a queue stays empty, up to a maximum, and drops back to the
/// minimum as soon as work arrives. A local nudge (this host just sent a message) wakes it early.
/// </summary>
internal sealed class AdaptivePoller(TimeSpan maxDelay, TimeProvider time)
{
    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(10);
    private readonly Lock _gate = new();
    private TimeSpan _delay = MinDelay;
    private TaskCompletionSource? _nudge;

    public void Reset() => _delay = MinDelay;

    /// <summary>Wakes a poller that is waiting, so a message this host sent is picked up at once.</summary>
    public void Nudge()
    {
        TaskCompletionSource? nudge;
        lock (_gate)
        {
            nudge = _nudge;
            _nudge = null;
        }

        nudge?.TrySetResult();
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        Task nudged;
        lock (_gate)
        {
            nudged = (_nudge ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        try
        {
            await nudged.WaitAsync(_delay, time, cancellationToken);
            _delay = MinDelay;
        }
        catch (TimeoutException)
        {
            _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, maxDelay.Ticks));
        }
    }
}
