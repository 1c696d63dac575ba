using System.Net;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// Figure 3: <c>GET /api/requests/{id}</c> of finished requests (round robin over 20), one at a time, against the
/// baseline's <c>GET /entity</c> (one table point read).
/// </summary>
internal static class StatusReadBenchmark
{
    private const int Requests = 20;
    private const string User = "status";

    public static async Task RunAsync(BenchSettings settings, BenchReport report)
    {
        await using var stage = await Stage.StartAsync();
        var api = stage.Host.Api;
        var ids = new List<string>();
        for (var i = 0; i < Requests; i++)
        {
            var (status, id) = await api.StartAsync(User, StreamerApi.BenchProgressBody());
            ids.Add(status == HttpStatusCode.Accepted ? id! : throw new InvalidOperationException($"Start answered {status}."));
        }

        await api.WaitFinishedAsync(User, ids, TimeSpan.FromSeconds(60));
        async Task<bool> HostRead(int i) => await api.StatusAsync(User, ids[i % ids.Count]) == HttpStatusCode.OK;
        async Task<bool> BaselineRead(int i) => await stage.Baseline.ReadEntityAsync() == HttpStatusCode.OK;

        await LatencySampler.RunAsync(1, settings.WarmUp, HostRead);
        await LatencySampler.RunAsync(1, settings.WarmUp, BaselineRead);
        await api.ResetStorageCountsAsync();
        var (hostMs, hostFailures) = await LatencySampler.RunAsync(1, settings.StatusSamples, HostRead);
        var (calls, _) = await StorageCalls.DescribeAsync(stage, "status");
        var (baselineMs, baselineFailures) = await LatencySampler.RunAsync(1, settings.StatusSamples, BaselineRead);

        var host = LatencySummary.Of(hostMs);
        var baseline = LatencySummary.Of(baselineMs);
        report.Raw($"status read: host {host}, {hostFailures} not 200; baseline (one table point read) {baseline}, {baselineFailures} not 200");
        report.Raw($"status read: {calls}");
        report.Add(new Figure(
            "Status read `GET /api/requests/{id}`, finished request, concurrency 1 (p50 / p99)",
            "p50 ≤ 5 ms",
            $"{BenchReport.Ms(host.P50)} / {BenchReport.Ms(host.P99)} ms",
            $"{BenchReport.Ms(baseline.P50)} / {BenchReport.Ms(baseline.P99)} ms (bare endpoint, one table point read)",
            $"{BenchReport.Ratio(host.P50, baseline.P50)} / {BenchReport.Ratio(host.P99, baseline.P99)}"));
        report.Verdict("status read p50 ≤ 5 ms", host.P50, 5);
    }
}
