using System.Diagnostics;
using Azure.Storage.Queues;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// Asks Azurite for a queue's properties every 200 ms from the harness and keeps each answer's latency, so a run can say
/// how long Azurite was unresponsive (its in-memory queue garbage collection every 60 s blocks its single event loop;
/// see BENCHMARKS.md) rather than leave the stall inside the host's numbers unexplained.
/// </summary>
internal sealed class AzuriteStallProbe : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long At, double Milliseconds)> _samples = [];
    private readonly Task _loop;

    public AzuriteStallProbe(string connectionString) => _loop = RunAsync(new QueueServiceClient(connectionString).GetQueueClient("bench-stall-probe"));

    /// <summary>The longest answer, and the total time spent in answers slower than one second.</summary>
    public async Task<(double LongestMilliseconds, double SlowSeconds, int Samples)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return _samples.Count == 0
            ? (0, 0, 0)
            : (_samples.Max(s => s.Milliseconds), _samples.Where(s => s.Milliseconds > 1000).Sum(s => s.Milliseconds) / 1000, _samples.Count);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(QueueClient queue)
    {
        try
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: _stop.Token);
            while (!_stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await queue.GetPropertiesAsync(_stop.Token);
                _samples.Add((started, MonotonicClock.Since(started)));
                await Task.Delay(200, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
