using System.Net;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// Figure 1: <c>POST /api/requests</c> of an asynchronous action until its <c>202</c>, on closed-loop workers (concurrency 1
/// or 32), against the baseline's <c>POST /enqueue</c> (one queue message) with the same body. The action is
/// bench_progress with no reports, the cheapest asynchronous request; its orchestration runs in the background while
/// later samples are taken, as it would in production. Back to back at concurrency 1 that is already more work than
/// the engine finishes on Azurite (each request is ~4 activities), so a third, paced variant waits 100 ms after each
/// start: the same single caller, but with Azurite not saturated by the orchestrations of earlier samples.
/// </summary>
internal static class HandoffBenchmark
{
    public static async Task RunAsync(BenchSettings settings, BenchReport report, int concurrency, bool paced = false)
    {
        var pause = paced ? TimeSpan.FromMilliseconds(100) : TimeSpan.Zero;
        var label = paced ? $"c={concurrency} paced (100 ms between starts)" : $"c={concurrency}";
        await using var stage = await Stage.StartAsync();
        var api = stage.Host.Api;
        var body = StreamerApi.BenchProgressBody();
        var samples = paced ? settings.HandoffSamples / 2 : concurrency == 1 ? settings.HandoffSamples : concurrency * settings.HandoffSamplesPerWorker32;
        Task<bool> HostStart(int i) => Accepted(api.StartAsync("handoff-" + (i % concurrency), body));
        async Task<bool> BaselineEnqueue(int i) => await stage.Baseline.EnqueueAsync(body) == HttpStatusCode.Accepted;

        await LatencySampler.RunAsync(concurrency, settings.WarmUp, HostStart);
        await LatencySampler.RunAsync(concurrency, settings.WarmUp, BaselineEnqueue);
        await api.ResetStorageCountsAsync();
        var (hostMs, hostFailures) = await LatencySampler.RunAsync(concurrency, samples, HostStart, pause);
        var (calls, _) = await StorageCalls.DescribeAsync(stage, "start");
        var (baselineMs, baselineFailures) = await LatencySampler.RunAsync(concurrency, samples, BaselineEnqueue, pause);

        var host = LatencySummary.Of(hostMs);
        var baseline = LatencySummary.Of(baselineMs);
        report.Raw($"handoff {label}: host {host}, {hostFailures} not 202; baseline (one queue put) {baseline}, {baselineFailures} not 202");
        report.Raw($"handoff {label}: {calls}");
        var target = concurrency == 1 ? "p50 ≤ 10 ms, p99 ≤ 25 ms" : "—";
        var verdictLabel = paced ? "concurrency 1, paced" : "concurrency 1";
        report.Add(new Figure(
            $"Handoff `POST /api/requests` → 202, concurrency {concurrency}{(paced ? ", paced: 100 ms between starts" : ", back to back")} (p50 / p99)",
            target,
            $"{BenchReport.Ms(host.P50)} / {BenchReport.Ms(host.P99)} ms",
            $"{BenchReport.Ms(baseline.P50)} / {BenchReport.Ms(baseline.P99)} ms (bare endpoint, one queue put)",
            $"{BenchReport.Ratio(host.P50, baseline.P50)} / {BenchReport.Ratio(host.P99, baseline.P99)}"));
        if (concurrency == 1)
        {
            report.Verdict($"handoff p50 ≤ 10 ms ({verdictLabel})", host.P50, 10);
            report.Verdict($"handoff p99 ≤ 25 ms ({verdictLabel})", host.P99, 25);
        }
    }

    private static async Task<bool> Accepted(Task<(HttpStatusCode Status, string? RequestId)> start) => (await start).Status == HttpStatusCode.Accepted;
}
