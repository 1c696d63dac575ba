using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Cancellation;

/// <summary>
/// Gives a running chunk a token that is cancelled when its request is cancelled: at once when the
/// cancel arrives at this host (<see cref="Signal"/>), otherwise within <see cref="PollInterval"/> by
/// watching the <see cref="ICancellationStore"/>, which covers chunks running on other hosts.
/// </summary>
public sealed partial class RequestCancellation(ICancellationStore store, TimeProvider time, ILogger<RequestCancellation> logger)
{
    private readonly ConcurrentDictionary<(string Owner, string RequestId), ConcurrentDictionary<CancellationTokenSource, byte>> _running = new();

    /// <summary>How often a running chunk checks the store for a cancellation made on another host.</summary>
    public static TimeSpan PollInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="work"/> with a token cancelled by <paramref name="cancellationToken"/> or by cancelling the request;
    /// the latter surfaces as <see cref="RequestCanceledException"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(ActionRequest request, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(work);
        using var scope = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var key = (request.Owner.Key, request.RequestId);
        var set = _running.GetOrAdd(key, _ => new());
        set.TryAdd(scope, 0);
        using var stopWatching = new CancellationTokenSource();
        var watcher = WatchStoreAsync(request, scope, stopWatching.Token);
        try
        {
            return await work(scope.Token);
        }
        catch (OperationCanceledException ex) when (scope.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RequestCanceledException($"Request '{request.RequestId}' was canceled.", ex);
        }
        finally
        {
            set.TryRemove(scope, out _);
            if (set.IsEmpty)
            {
                _running.TryRemove(new KeyValuePair<(string, string), ConcurrentDictionary<CancellationTokenSource, byte>>(key, set));
            }

            await stopWatching.CancelAsync();
            await watcher;
        }
    }

    /// <summary>Cancels the chunks of the request running on this host now.</summary>
    public void Signal(ActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_running.TryGetValue((request.Owner.Key, request.RequestId), out var set))
        {
            foreach (var source in set.Keys)
            {
                source.Cancel();
            }
        }
    }

    private async Task WatchStoreAsync(ActionRequest request, CancellationTokenSource scope, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && !scope.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, time, stop);
                if (await store.IsCancellationRequestedAsync(request, stop))
                {
                    await scope.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The chunk goes on; it is still cancelled at the next chunk boundary by the orchestrator.
            LogWatchFailed(request.RequestId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching request {RequestId} for cancellation failed.")]
    private partial void LogWatchFailed(string requestId, Exception exception);
}
