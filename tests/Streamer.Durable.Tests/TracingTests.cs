using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Streamer.Durable.Telemetry;

namespace Streamer.Durable.Tests;

/// <summary>A request's trace continues through the client into DTFx's orchestration and activity spans.</summary>
[Collection(StorageCollection.Name)]
public sealed class TracingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Scheduling_inside_a_trace_continues_it_into_the_orchestration_and_its_activities()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DurableTelemetry.SourceName or DurableTelemetry.FrameworkSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);

        string id;
        ActivityTraceId traceId;
        using (var request = new Activity("test-request").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = request.TraceId;
            id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), "trace");
        }

        var done = await host.Client.WaitForInstanceCompletionAsync(id, cancellation: Eventually.Deadline());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        // DTFx stops the orchestration's span when its last episode has been written, which may be just after the wait returns.
        string[] expected = [$"create_orchestration:{nameof(HelloOrchestrator)}", $"orchestration:{nameof(HelloOrchestrator)}", $"activity:{nameof(EchoActivity)}"];
        await Eventually.UntilAsync(
            () => expected.All(name => spans.Any(s => s.TraceId == traceId && s.DisplayName == name)),
            $"spans {string.Join(", ", expected)} in trace {traceId}; seen: {string.Join(", ", spans.Where(s => s.TraceId == traceId).Select(s => s.DisplayName))}");

        var create = spans.Single(s => s.TraceId == traceId && s.DisplayName == expected[0]);
        Assert.Equal(DurableTelemetry.SourceName, create.Source.Name);
        Assert.Equal(id, create.GetTagItem("durabletask.task.instance_id"));
        Assert.All(
            spans.Where(s => s.TraceId == traceId && s.DisplayName != expected[0]),
            s => Assert.Equal(DurableTelemetry.FrameworkSourceName, s.Source.Name));
        Assert.Contains(spans, s => s.TraceId == traceId && s.DisplayName == expected[1] && s.ParentSpanId == create.SpanId);
    }
}
