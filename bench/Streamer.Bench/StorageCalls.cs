using System.Globalization;
using System.Text;

namespace Streamer.Bench;

/// <summary>Reads the hooked host's per-request storage call counts (<c>/bench/storage</c>) and describes one kind of request.</summary>
internal static class StorageCalls
{
    /// <summary>E.g. "start: 4.00 storage calls per request: table POST 1.00 (2.9 ms), ...", and the calls per request.</summary>
    public static async Task<(string Line, double PerRequest)> DescribeAsync(Stage stage, string flow)
    {
        var rows = await stage.Host.Api.BenchAsync<List<StorageCallRowDto>>("bench/storage");
        var served = rows.Where(r => r.Flow == flow && r.Port == 0).Sum(r => r.Count);
        var byStatus = rows.Where(r => r.Flow == flow && r.Port != 0).ToList();

        // One line per service and method whatever the answer; answers other than 2xx (conflicts, retried errors) listed after.
        var calls = byStatus.GroupBy(r => (r.Port, r.Method))
            .Select(g => (g.Key.Port, g.Key.Method, Count: g.Sum(r => r.Count), MeanMilliseconds: g.Sum(r => r.Count * r.MeanMilliseconds) / Math.Max(1, g.Sum(r => r.Count))))
            .OrderByDescending(c => c.Count)
            .ToList();
        var unusual = byStatus.Where(r => r.Status is < 200 or >= 300).OrderByDescending(r => r.Count).ToList();
        var answers = unusual.Count == 0
            ? string.Empty
            : "; answers other than 2xx: " + string.Join(", ", unusual.Select(r => string.Create(CultureInfo.InvariantCulture, $"{stage.Service(r.Port)} {r.Method} {(r.Status == 0 ? "no answer" : r.Status.ToString(CultureInfo.InvariantCulture))} × {r.Count}")));
        if (served == 0)
        {
            // Background work serves no API request: give totals.
            var totals = string.Join(", ", calls.Select(c => string.Create(CultureInfo.InvariantCulture, $"{stage.Service(c.Port)} {c.Method} {c.Count} × {c.MeanMilliseconds:F1} ms")));
            return (string.Create(CultureInfo.InvariantCulture, $"{flow}: {calls.Sum(c => c.Count)} storage calls ({totals}; count × mean latency as the host saw it{answers})"), 0);
        }

        var perRequest = calls.Sum(c => c.Count) / (double)served;
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{flow}: {served} requests, {perRequest:F2} storage calls per request ("));
        text.AppendJoin(", ", calls.Select(c => string.Create(CultureInfo.InvariantCulture, $"{stage.Service(c.Port)} {c.Method} {c.Count / (double)served:F2} × {c.MeanMilliseconds:F1} ms")));
        text.Append("; per request × mean latency as the host saw it");
        text.Append(answers);
        text.Append(')');
        return (text.ToString(), perRequest);
    }

    /// <summary>One row of <c>/bench/storage</c> (Streamer.Bench.HostHook's StorageCallRow).</summary>
    internal sealed record StorageCallRowDto(string Flow, int Port, string Method, long Count, double MeanMilliseconds, int Status);
}
