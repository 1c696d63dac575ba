using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Progress;

/// <summary>
/// Sequences, throttles and delivers progress. <see cref="Publish"/> never waits for storage or the
/// network: each request has a small pump that sends the latest update at most once per
/// <see cref="ProgressOptions.ThrottleInterval"/>, except that the first update, a stage change and
/// 100 % go out at once. Intermediate updates inside one interval are coalesced, never queued.
/// </summary>
public sealed partial class ProgressPublisher
{
    private readonly ConcurrentDictionary<(string Owner, string RequestId), RequestPump> _pumps = new();
    private readonly IProgressStore _store;
    private readonly IRequestNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;

    /// <summary>Creates the publisher (a singleton per host).</summary>
    public ProgressPublisher(IProgressStore store, IRequestNotifier notifier, TimeProvider time, IOptions<ProgressOptions> options, ILogger<ProgressPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _notifier = notifier;
        _time = time;
        _logger = logger;
        _interval = options.Value.ThrottleInterval;
    }

    /// <summary>Queues <paramref name="update"/> as the request's latest progress and returns at once.</summary>
    public void Publish(ActionRequest request, ProgressUpdate update)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(update);
        while (!_pumps.GetOrAdd((request.Owner.Key, request.RequestId), _ => new RequestPump(this, request)).TryPublish(update))
        {
            // That pump had just finished and removed itself; the next one starts fresh.
        }
    }

    /// <summary>Completes when every update published so far for the request has been delivered (or failed to be).</summary>
    public Task FlushAsync(ActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _pumps.TryGetValue((request.Owner.Key, request.RequestId), out var pump) ? pump.FlushAsync() : Task.CompletedTask;
    }

    private async Task SendAsync(ActionRequest request, ProgressUpdate update)
    {
        try
        {
            var progress = await _store.AdvanceAsync(request, update, CancellationToken.None);
            await _notifier.ProgressAsync(request, progress, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Progress is advisory: a lost update is replaced by the next one, and clients can poll.
            LogDeliveryFailed(request.RequestId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering progress of request {RequestId} failed.")]
    private partial void LogDeliveryFailed(string requestId, Exception exception);

    /// <summary>The per-request state: the latest unsent update and when the last one went out.</summary>
    private sealed class RequestPump(ProgressPublisher owner, ActionRequest request)
    {
        private readonly Lock _gate = new();
        private ProgressUpdate? _pending;
        private bool _sendNow;
        private string? _lastStage;
        private bool _anyPublished;
        private bool _running;
        private bool _closed;
        private long _lastSentTimestamp;
        private TaskCompletionSource _wake = NewSignal();
        private TaskCompletionSource _idle = NewSignal();

        public bool TryPublish(ProgressUpdate update)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return false;
                }

                var urgent = !_anyPublished || update.Percentage >= 100 || !string.Equals(update.Stage, _lastStage, StringComparison.Ordinal) && update.Stage is not null;
                _anyPublished = true;
                _lastStage = update.Stage ?? _lastStage;
                _pending = update;
                _sendNow |= urgent;
                if (_idle.Task.IsCompleted)
                {
                    _idle = NewSignal();
                }

                if (!_running)
                {
                    _running = true;
                    _ = Task.Run(PumpAsync);
                }
                else if (urgent)
                {
                    _wake.TrySetResult();
                }

                return true;
            }
        }

        public Task FlushAsync()
        {
            lock (_gate)
            {
                _sendNow = true;
                _wake.TrySetResult();
                return _idle.Task;
            }
        }

        private async Task PumpAsync()
        {
            while (true)
            {
                TimeSpan wait;
                Task wake;
                lock (_gate)
                {
                    wait = _pending is null || _sendNow || _lastSentTimestamp == 0
                        ? TimeSpan.Zero
                        : owner._interval - owner._time.GetElapsedTime(_lastSentTimestamp);
                    _wake = NewSignal();
                    wake = _wake.Task;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.WhenAny(Task.Delay(wait, owner._time), wake);
                }

                ProgressUpdate? next;
                lock (_gate)
                {
                    next = _pending;
                    _pending = null;
                    _sendNow = false;
                    if (next is null)
                    {
                        if (_lastSentTimestamp == 0 || owner._time.GetElapsedTime(_lastSentTimestamp) >= owner._interval)
                        {
                            // Quiet for a whole interval: retire, so idle requests hold no memory. A later update starts a new pump.
                            _closed = true;
                            _running = false;
                            owner._pumps.TryRemove(new KeyValuePair<(string, string), RequestPump>((request.Owner.Key, request.RequestId), this));
                            _idle.TrySetResult();
                            return;
                        }

                        _idle.TrySetResult();
                    }
                }

                if (next is null)
                {
                    // Stay for the rest of the interval so a burst that resumes is still throttled.
                    TimeSpan rest;
                    lock (_gate)
                    {
                        rest = owner._interval - owner._time.GetElapsedTime(_lastSentTimestamp);
                    }

                    if (rest > TimeSpan.Zero)
                    {
                        await Task.WhenAny(Task.Delay(rest, owner._time), wake);
                    }

                    continue;
                }

                // The interval runs from the start of one send to the start of the next: measured from the end, the
                // send's own storage and network time would stretch every period (8.5/s instead of 10/s on Azurite).
                var sendStarted = owner._time.GetTimestamp();
                await owner.SendAsync(request, next);
                lock (_gate)
                {
                    _lastSentTimestamp = sendStarted;
                }
            }
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
