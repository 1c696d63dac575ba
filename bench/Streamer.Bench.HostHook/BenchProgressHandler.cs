using System.Diagnostics;
using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Bench.HostHook;

/// <summary>
/// <c>bench_progress</c>: one chunk that reports progress <see cref="BenchProgressPayload.Reports"/> times. Each report's
/// <c>details</c> carry <c>t</c>, <see cref="Stopwatch.GetTimestamp"/> taken just before <c>Report</c> (CLOCK_MONOTONIC, the
/// same clock in the benchmark process), and <c>i</c>, the report's number; the receiving client subtracts. With no
/// reports it is the cheapest asynchronous request, which is what the handoff and status figures start.
/// </summary>
internal sealed class BenchProgressHandler : ActionHandler<BenchProgressPayload, int, int, int>
{
    public override string Name => "bench_progress";

    protected override void Validate(BenchProgressPayload payload, PayloadErrors errors)
    {
        errors.InRange(payload.Reports, 0, 100_000, "reports");
        errors.InRange(payload.IntervalMs, 0, 60_000, "interval_ms");
    }

    protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, BenchProgressPayload payload, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<int>>([0]);

    protected override async Task<int> ProcessChunkAsync(BenchProgressPayload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        for (var i = 1; i <= payload.Reports; i++)
        {
            // Below 100 %: 100 % is always urgent and would make the last report special.
            var percentage = 99.0 * i / payload.Reports;
            var details = JsonSerializer.SerializeToElement(new Dictionary<string, long> { ["t"] = Stopwatch.GetTimestamp(), ["i"] = i });
            context.Progress.Report(percentage, "bench", payload.StageEach ? "s" + i : null, details);
            if (payload.IntervalMs > 0)
            {
                await Task.Delay(payload.IntervalMs, cancellationToken);
            }
        }

        return payload.Reports;
    }

    protected override async Task<int> FinalizeAsync(ActionRequest request, BenchProgressPayload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
        => await chunkResults.SumAsync(cancellationToken);
}
