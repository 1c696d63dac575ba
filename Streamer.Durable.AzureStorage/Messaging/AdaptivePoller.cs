namespace Streamer.Durable.AzureStorage.Messaging;

/// <summary>
/// Polling delay that doubles while a queue stays empty, up to a maximum, and drops back to the
/// minimum as soon as work arrives. A local nudge (this host just sent a message) wakes it early; a
/// nudge that arrives while the poller is busy receiving is kept for its next wait, not lost.
/// </summary>
internal sealed class AdaptivePoller(TimeSpan maxDelay, TimeProvider time)
{
    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(10);
    private readonly Lock _gate = new();
    private TimeSpan _delay = MinDelay;
    private TaskCompletionSource? _waiting;
    private bool _nudgedWhileBusy;

    /// <summary>Work was found: poll again quickly next time the queue looks empty.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _delay = MinDelay;
        }
    }

    /// <summary>Wakes the poller now if it is waiting, or makes its next wait return at once.</summary>
    public void Nudge()
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            waiting = _waiting;
            _waiting = null;
            _nudgedWhileBusy = waiting is null;
            _delay = MinDelay;
        }

        waiting?.TrySetResult();
    }

    /// <summary>Waits the current delay (or until nudged), then lengthens the delay if nothing woke it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        Task nudged;
        TimeSpan delay;
        lock (_gate)
        {
            if (_nudgedWhileBusy)
            {
                _nudgedWhileBusy = false;
                return;
            }

            nudged = (_waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            delay = _delay;
        }

        try
        {
            await nudged.WaitAsync(delay, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiting = null;
                _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, maxDelay.Ticks));
            }
        }
    }
}
