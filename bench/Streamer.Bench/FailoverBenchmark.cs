using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Streamer.Bench.Common;
using Streamer.Testing.Azurite;

namespace Streamer.Bench;

/// <summary>
/// The fault figures that tests/Streamer.Faults.Tests proves but does not time: how long after a host is killed
/// (SIGKILL, no lease release) the other host of the same task hub owns every partition, with the partition lease
/// timings the fault tests use and with DTFx's defaults; and how fast a host answers while storage is down (readiness,
/// a start and a status read, all expected 503).
/// </summary>
internal static class FailoverBenchmark
{
    private const string User = "failover";
    private static readonly TimeSpan OutageProbing = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(BenchReport report)
    {
        foreach (var (label, lease, renew, acquire) in new[] { ("fault tests' leases", 10, 3, 2), ("DTFx defaults", 30, 10, 10) })
        {
            var takeover = await TakeoverAsync(lease, renew, acquire);
            report.Raw($"failover ({label}: lease {lease} s, renew {renew} s, acquire {acquire} s): the survivor owned all partitions {takeover.TotalSeconds:0.0} s after the kill");
            report.Add(new Figure(
                $"Partition takeover after SIGKILL of one of two hosts ({label}: lease {lease} s, acquire {acquire} s)",
                "≈ one lease period",
                $"{takeover.TotalSeconds:0.0} s",
                $"lease {lease} s",
                BenchReport.Ratio(takeover.TotalSeconds, lease)));
        }

        await OutageAsync(report);
    }

    private static Dictionary<string, string> Settings(string hub, int lease, int renew, int acquire) => new()
    {
        ["extensions__durableTask__hubName"] = hub,
        ["extensions__durableTask__storageProvider__partitionLeaseInterval"] = TimeSpan.FromSeconds(lease).ToString("c", CultureInfo.InvariantCulture),
        ["extensions__durableTask__storageProvider__partitionLeaseRenewInterval"] = TimeSpan.FromSeconds(renew).ToString("c", CultureInfo.InvariantCulture),
        ["extensions__durableTask__storageProvider__partitionLeaseAcquireInterval"] = TimeSpan.FromSeconds(acquire).ToString("c", CultureInfo.InvariantCulture),
    };

    private static async Task<TimeSpan> TakeoverAsync(int lease, int renew, int acquire)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var settings = Settings("Failover" + Guid.NewGuid().ToString("N")[..8], lease, renew, acquire);
        var victim = await StreamerHostProcess.StartAsync(azurite, hooked: false, settings);
        await using var survivor = await StreamerHostProcess.StartAsync(azurite, hooked: false, settings);
        try
        {
            await UntilAsync(async () => (await OwnedAsync(victim)).Count > 0 && (await OwnedAsync(survivor)).Count > 0, TimeSpan.FromMinutes(2), "both hosts to own partitions");
        }
        catch
        {
            await victim.DisposeAsync();
            throw;
        }

        // Disposing kills the process (Process.Kill: SIGKILL, no graceful lease release).
        await victim.DisposeAsync();
        var killed = Stopwatch.GetTimestamp();
        await UntilAsync(async () => (await OwnedAsync(survivor)).Count == 4, TimeSpan.FromMinutes(3), "the survivor to own every partition");
        return Stopwatch.GetElapsedTime(killed);
    }

    private static async Task OutageAsync(BenchReport report)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var host = await StreamerHostProcess.StartAsync(azurite, hooked: false, Settings("Outage" + Guid.NewGuid().ToString("N")[..8], 30, 10, 10));
        var (_, id) = await host.Api.StartAsync(User, """{"action":"echo_async","payload":{"n":1}}""");
        await azurite.StopAsync(graceful: true);
        var samples = new Dictionary<string, List<(HttpStatusCode Status, double Ms)>> { ["readiness"] = [], ["start"] = [], ["status"] = [] };
        using var probing = new CancellationTokenSource(OutageProbing);
        while (!probing.IsCancellationRequested)
        {
            samples["readiness"].Add(await TimedAsync(async () => (await ReadinessAsync(host)).Status));
            samples["start"].Add(await TimedAsync(async () => (await host.Api.StartAsync(User, """{"action":"echo_async","payload":{"n":2}}""")).Status));
            samples["status"].Add(await TimedAsync(() => host.Api.StatusAsync(User, id ?? "unknown")));
        }

        foreach (var (probe, answers) in samples)
        {
            var summary = LatencySummary.Of(answers.Select(a => a.Ms));
            var statuses = string.Join(", ", answers.GroupBy(a => (int)a.Status).Select(g => $"{g.Count()} × {g.Key}"));
            report.Raw($"outage {probe}: {statuses}; {summary}");
            report.Add(new Figure($"Answer while storage is down: {probe} (p50 / max)", "503 within a few seconds", $"{BenchReport.Ms(summary.P50)} / {BenchReport.Ms(summary.Max)} ms ({statuses})", "—", "—"));
        }
    }

    private static async Task<(HttpStatusCode Status, double Ms)> TimedAsync(Func<Task<HttpStatusCode>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var status = await call();
        return (status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadinessAsync(StreamerHostProcess host)
    {
        using var http = new HttpClient { BaseAddress = host.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.GetAsync(new Uri("api/health/ready", UriKind.Relative));
        return (response.StatusCode, JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The partitions a host reports owning in its readiness answer.</summary>
    private static async Task<IReadOnlyList<int>> OwnedAsync(StreamerHostProcess host)
    {
        var (_, body) = await ReadinessAsync(host);
        return body.TryGetProperty("checks", out var checks) && checks.GetProperty("taskHub").GetProperty("data").TryGetProperty("ownedPartitions", out var owned)
            ? [.. owned.EnumerateArray().Select(p => p.GetInt32())]
            : [];
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
