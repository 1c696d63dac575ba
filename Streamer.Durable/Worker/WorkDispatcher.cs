using Microsoft.Extensions.Logging;

namespace Streamer.Durable.Worker;

/// <summary>
/// Fetches work items one at a time while a concurrency slot is free and runs each on the thread
/// pool. Stopping ends fetching; in-flight items then get a grace period before their token is
/// cancelled.
/// </summary>
internal sealed partial class WorkDispatcher<T>(
    string name,
    int maxConcurrency,
    Func<CancellationToken, Task<T>> fetch,
    Func<T, CancellationToken, Task> process,
    TimeSpan fetchErrorBackoff,
    TimeProvider time,
    ILogger logger)
    : IDisposable
    where T : class
{
    private readonly SemaphoreSlim _slots = new(maxConcurrency, maxConcurrency);
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private int _inFlight;
    private TaskCompletionSource? _drained;

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            T item;
            try
            {
                item = await fetch(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                _slots.Release();
                break;
            }
            catch (Exception ex)
            {
                _slots.Release();
                LogFetchFailed(logger, ex, name);
                try
                {
                    await Task.Delay(fetchErrorBackoff, time, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            lock (_gate)
            {
                _inFlight++;
            }

            _ = Task.Run(() => ProcessAsync(item), CancellationToken.None);
        }
    }

    /// <summary>
    /// Call after <see cref="RunAsync"/> has returned. Waits for in-flight work up to <paramref name="timeout"/>,
    /// then cancels what is left and waits for it to wind down (bounded by <paramref name="cancellationToken"/>).
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task drained;
        lock (_gate)
        {
            if (_inFlight == 0)
            {
                return;
            }

            drained = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        try
        {
            await drained.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogDrainTimedOut(logger, name, Volatile.Read(ref _inFlight));
            await _abort.CancelAsync();
            await drained.WaitAsync(cancellationToken);
        }
    }

    private async Task ProcessAsync(T item)
    {
        try
        {
            await process(item, _abort.Token);
        }
        catch (Exception ex)
        {
            LogProcessFailed(logger, ex, name);
        }
        finally
        {
            _slots.Release();
            lock (_gate)
            {
                if (--_inFlight == 0)
                {
                    _drained?.TrySetResult();
                }
            }
        }
    }

    public void Dispose()
    {
        _slots.Dispose();
        _abort.Dispose();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Fetching {Dispatcher} work failed; retrying after a pause.")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, string dispatcher);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Processing a {Dispatcher} work item failed unexpectedly.")]
    private static partial void LogProcessFailed(ILogger logger, Exception exception, string dispatcher);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Dispatcher} work did not finish within the shutdown timeout; cancelling {Count} item(s), which will be retried.")]
    private static partial void LogDrainTimedOut(ILogger logger, string dispatcher, int count);
}
