using System.Diagnostics;
using System.Globalization;
using System.Net;
using Streamer.Bench.Common;
using Streamer.Testing.Azurite;

namespace Streamer.Bench;

/// <summary>
/// Measures one cell of the cost figure in a world of its own: a fresh in-memory Azurite and a fresh hooked host (so
/// no cell inherits another's history, queues or heap), one <c>bench_cost</c> request polled until it ends or the
/// cell's timeout passes, then the worker's storage calls, the instance's history and the host's memory.
/// </summary>
internal static class CostCellRun
{
    private const string User = "cost";

    /// <summary>Modest, so status reads (their own flow, not counted) add little load; the time comes from the host's timestamps, not from the polls.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<CostCellResult> RunAsync(CostCell cell, TimeSpan timeout)
    {
        var body = cell.StartBody();
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var host = await StreamerHostProcess.StartAsync(azurite, hooked: true);

        // The host's readiness request must be over before counting starts, or its storage calls would count as the cell's.
        await host.Api.WaitFinishedAsync("startup", [host.FirstRequestId], TimeSpan.FromSeconds(60));
        var azuritePid = ProcessStats.FindByCommandLine("--queuePort", azurite.QueuePort.ToString(CultureInfo.InvariantCulture));
        await host.Api.ResetStorageCountsAsync();
        host.ResetWarnings();
        var loadBefore = LoadAverage();
        var rssBefore = ProcessStats.ResidentBytes(host.ProcessId) ?? 0;
        var hostCpuBefore = ProcessStats.CpuTime(host.ProcessId) ?? TimeSpan.Zero;
        var azuriteCpuBefore = CpuTime(azuritePid);

        var began = Stopwatch.GetTimestamp();
        var (status, requestId, instanceId) = await host.Api.StartWithInstanceAsync(User, body);
        if (status != HttpStatusCode.Accepted || requestId is null || instanceId is null)
        {
            throw new InvalidOperationException($"The bench_cost start answered {(int)status} instead of 202.");
        }

        var samples = new List<(double Milliseconds, double Percentage)>();
        var last = await PollAsync(host, requestId, began, timeout, samples);
        var wallSeconds = MonotonicClock.Since(began) / 1000;
        var finished = last.Status == HttpStatusCode.OK;

        // Read everything before the world is torn down: the host's counters and memory, then storage itself.
        var rows = await host.Api.BenchAsync<List<StorageCalls.StorageCallRowDto>>("bench/storage");
        var peak = ProcessStats.PeakResidentBytes(host.ProcessId) ?? 0;
        var hostCpu = (ProcessStats.CpuTime(host.ProcessId) ?? TimeSpan.Zero) - hostCpuBefore;
        var azuriteCpu = CpuTime(azuritePid) - azuriteCpuBefore;
        var history = await HistoryFootprint.ReadAsync(azurite.ConnectionString, instanceId);

        // Only the worker: status reads are their own flow (the polling), and the start is one request, not per chunk.
        var worker = rows.Where(r => r.Flow == "background" && r.Port != 0).ToList();
        var seconds = finished && last.Answer is { } answer ? (answer.LastUpdatedTime - answer.CreatedTime).TotalSeconds : wallSeconds;
        const double MiB = 1024.0 * 1024;
        return new CostCellResult(
            cell,
            finished,
            last.Answer?.RuntimeStatus ?? ((int)last.Status).ToString(CultureInfo.InvariantCulture),
            finished ? cell.Chunks : (int)Math.Round(last.Percentage * cell.Chunks / 100),
            seconds,
            wallSeconds,
            worker.GroupBy(r => Stage.ServiceOf(azurite, r.Port)).ToDictionary(g => g.Key, g => g.Sum(r => r.Count)),
            worker.GroupBy(r => $"{Stage.ServiceOf(azurite, r.Port)} {r.Method}{(r.Status is >= 200 and < 300 ? string.Empty : $" → {r.Status}")}")
                .ToDictionary(g => g.Key, g => (g.Sum(r => r.Count), g.Sum(r => r.Count * r.MeanMilliseconds) / Math.Max(1, g.Sum(r => r.Count)))),
            history,
            rssBefore / MiB,
            peak / MiB,
            hostCpu.TotalSeconds,
            azuriteCpu.TotalSeconds,
            $"{loadBefore} → {LoadAverage()}",
            host.Warnings(),
            Pace(samples, cell.Chunks));
    }

    /// <summary>Reads the status every <see cref="PollInterval"/> until it is 200 (finished) or <paramref name="timeout"/> has passed since <paramref name="began"/>; the last read.</summary>
    private static async Task<StatusRead> PollAsync(StreamerHostProcess host, string requestId, long began, TimeSpan timeout, List<(double Milliseconds, double Percentage)> samples)
    {
        StatusRead last = new(HttpStatusCode.Accepted, null);
        while (true)
        {
            try
            {
                var read = await host.Api.ReadStatusAsync(User, requestId);

                // An answer without a body (a 429 or 5xx) keeps the progress read before it.
                if (read.Answer is not null)
                {
                    last = read;
                    samples.Add((MonotonicClock.Since(began), read.Status == HttpStatusCode.OK ? 100 : read.Percentage));
                }

                if (read.Status == HttpStatusCode.OK)
                {
                    return read;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // A slow or refused read is retried until the deadline, unless the host itself is gone.
                if (host.HasExited)
                {
                    throw new InvalidOperationException($"The host exited during the cell. Its last output:{Environment.NewLine}{host.OutputTail()}", ex);
                }
            }

            if (MonotonicClock.Since(began) >= timeout.TotalMilliseconds)
            {
                return last;
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// Milliseconds per chunk in each tenth of the chunks, timed by the first poll that saw the tenth done (the first
    /// tenth includes the start and the plan, the last the finalize): whether a chunk costs more as the history grows.
    /// Coarse when a tenth takes few poll intervals.
    /// </summary>
    private static string Pace(List<(double Milliseconds, double Percentage)> samples, int chunks)
    {
        var reached = Enumerable.Range(1, 10)
            .Select(tenth => samples.FirstOrDefault(s => s.Percentage >= tenth * 10).Milliseconds)
            .TakeWhile(ms => ms > 0)
            .ToList();
        return reached.Count == 0
            ? "no tenth done"
            : string.Join(", ", reached.Select((ms, i) => ((ms - (i == 0 ? 0 : reached[i - 1])) / (chunks / 10.0)).ToString("F0", CultureInfo.InvariantCulture)));
    }

    private static TimeSpan CpuTime(int? pid) => pid is { } id ? ProcessStats.CpuTime(id) ?? TimeSpan.Zero : TimeSpan.Zero;

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
