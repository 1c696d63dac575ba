using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Streamer.Activities.Tasks;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>The host's OpenTelemetry wiring, observed through in-memory exporters added next to the app's own.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class TelemetryTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_requests_spans_from_the_http_start_through_the_orchestration_to_each_activity_share_one_trace()
    {
        var spans = new List<Activity>();
        await using var host = StreamerHost.Start(
            app.SettingsFor(StreamerAppFixture.NewTaskHubName()),
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        using var client = host.CreateClient(app.TokenFor("trace-user"));
        using var deadline = new CancellationTokenSource(Deadline);
        var caller = ActivityContext.Parse("00-" + ActivityTraceId.CreateRandom() + "-" + ActivitySpanId.CreateRandom() + "-01", null);

        using var start = new HttpRequestMessage(HttpMethod.Post, "api/requests")
        {
            Content = JsonContent.Create(new { action = "echo_async", payload = new { note = "traced" } }),
        };
        start.Headers.Add("traceparent", $"00-{caller.TraceId}-{caller.SpanId}-01");
        var response = await client.SendAsync(start, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var requestId = (await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("requestId").GetString();
        await Poll.UntilAsync(
            ct => client.GetFromJsonAsync<JsonElement>($"api/requests/{requestId}", ct),
            status => status.GetProperty("runtimeStatus").GetString() == "Completed",
            deadline.Token);

        // DTFx ends the orchestration's span when the orchestration completes, a moment after the request's outcome is recorded.
        var trace = await Poll.UntilAsync(
            _ =>
            {
                lock (spans)
                {
                    return Task.FromResult<List<Activity>>([.. spans.Where(s => s.TraceId == caller.TraceId)]);
                }
            },
            spansSoFar => spansSoFar.Any(s => s.OperationName == "orchestration:StreamerRequest"),
            deadline.Token);

        var http = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(caller.SpanId, http.ParentSpanId);
        Assert.Equal("POST", http.GetTagItem("http.request.method"));
        Assert.StartsWith("/api/requests", (string?)http.GetTagItem("http.route"), StringComparison.Ordinal);
        var create = Assert.Single(trace, s => s.OperationName == "create_orchestration:StreamerRequest");
        Assert.Equal(http.SpanId, create.ParentSpanId);
        var episodes = trace.Where(s => s.OperationName == "orchestration:StreamerRequest").ToList();
        Assert.NotEmpty(episodes);
        Assert.All(episodes, e => Assert.Equal(create.SpanId, e.ParentSpanId));

        // DTFx records each activity twice: the orchestration's call (a client span under the orchestration) and its
        // execution on a worker (a server span under the call).
        var activities = trace.Where(s => s.OperationName.StartsWith("activity:", StringComparison.Ordinal)).ToList();
        var calls = activities.Where(a => a.Kind == ActivityKind.Client).ToList();
        var runs = activities.Where(a => a.Kind == ActivityKind.Server).ToList();
        Assert.Equal(activities.Count, calls.Count + runs.Count);
        var episodeIds = episodes.Select(e => e.SpanId).ToHashSet();
        var callIds = calls.Select(c => c.SpanId).ToHashSet();
        Assert.All(calls, c => Assert.Contains(c.ParentSpanId, episodeIds));
        Assert.All(runs, r => Assert.Contains(r.ParentSpanId, callIds));
        foreach (var task in new[] { RequestTaskNames.PlanChunks, RequestTaskNames.RunChunk, RequestTaskNames.FinalizeRequest, RequestTaskNames.NotifyOutcome })
        {
            Assert.Contains(calls, a => a.OperationName == $"activity:{task}");
            Assert.Contains(runs, a => a.OperationName == $"activity:{task}");
        }
    }

    [Fact]
    public async Task Request_counters_duration_progress_and_signalr_connections_are_exported()
    {
        var exported = new List<Metric>();
        await using var host = StreamerHost.Start(
            new Dictionary<string, string?>(app.SettingsFor(StreamerAppFixture.NewTaskHubName()))
            {
                ["extensions:durableTask:storageProvider:queueMetricsSampleInterval"] = "00:00:00.200",
            },
            services => services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported)));
        var token = app.TokenFor("metrics-user");
        using var client = host.CreateClient(token);
        using var deadline = new CancellationTokenSource(Deadline);
        await using var hub = host.CreateHubConnection(token);
        await hub.StartAsync(deadline.Token);

        var sync = await client.PostAsJsonAsync("api/requests", new { action = "echo", payload = new { n = 1 } }, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        var accepted = await client.PostAsJsonAsync("api/requests", new { action = "echo_async", payload = new { n = 2 } }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var requestId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("requestId").GetString();
        await Poll.UntilAsync(
            ct => client.GetFromJsonAsync<JsonElement>($"api/requests/{requestId}", ct),
            status => status.GetProperty("runtimeStatus").GetString() == "Completed",
            deadline.Token);
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "The meter provider did not flush.");

        Assert.Equal(1, Sum("streamer.requests.started", ("streamer.action", "echo"), ("streamer.mode", "sync")));
        Assert.Equal(1, Sum("streamer.requests.completed", ("streamer.action", "echo"), ("streamer.mode", "sync")));
        Assert.Equal(1, Sum("streamer.requests.started", ("streamer.action", "echo_async"), ("streamer.mode", "async")));
        Assert.Equal(1, Sum("streamer.requests.completed", ("streamer.action", "echo_async"), ("streamer.mode", "async")));
        Assert.Equal(1, Sum("streamer.request.duration", ("streamer.action", "echo_async"), ("streamer.outcome", "completed")));
        Assert.True(Sum("streamer.progress.messages") >= 1, "No progress message was counted.");
        Assert.Equal(1, Sum("signalr.server.active_connections"));
        await Poll.UntilAsync(
            _ => Task.FromResult(host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000) && exported.Any(m => m.Name == "streamer.durable.queue.backlog")),
            sampled => sampled,
            deadline.Token);

        // The in-memory exporter keeps every export; the latest one holds the cumulative totals.
        long Sum(string name, params (string Key, string Value)[] tags)
        {
            var metric = exported.LastOrDefault(m => m.Name == name);
            Assert.True(metric is not null, $"Metric '{name}' was not exported.");
            long total = 0;
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key), t.Value)))
                {
                    total += metric.MetricType switch
                    {
                        MetricType.Histogram => point.GetHistogramCount(),
                        MetricType.LongSumNonMonotonic => point.GetSumLong(),
                        _ => point.GetSumLong(),
                    };
                }
            }

            return total;
        }
    }
}
