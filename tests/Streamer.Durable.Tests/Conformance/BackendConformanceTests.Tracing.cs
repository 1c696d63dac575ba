using System.Collections.Concurrent;
using System.Diagnostics;
using Streamer.Durable.Telemetry;

namespace Streamer.Durable.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    [Fact]
    public async Task Spans_of_the_instance_its_sub_orchestration_and_their_activities_continue_the_starters_trace()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DurableTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        // Stands for the caller's span, e.g. the HTTP request that starts the instance.
        using var caller = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        var result = await RunAsync(env.Client, ConformanceTasks.ParentOfChain, 5, deadline.Token);
        caller.Stop();

        AssertCompleted(result);
        // Other tests run in parallel and trace too: only this trace's spans count.
        var spans = stopped.Where(s => s.TraceId == caller.TraceId).ToList();
        var create = Assert.Single(spans, s => s.OperationName == $"create_orchestration:{ConformanceTasks.ParentOfChain}");
        Assert.Equal(caller.SpanId, create.ParentSpanId);

        var parentEpisodes = Episodes(ConformanceTasks.ParentOfChain);
        Assert.True(parentEpisodes.Count >= 2, $"Expected the parent to run at least 2 episodes (start, child done); got {parentEpisodes.Count}.");
        Assert.All(parentEpisodes, e => Assert.Equal(create.SpanId, e.ParentSpanId));

        var childEpisodes = Episodes(ConformanceTasks.Chain);
        Assert.True(childEpisodes.Count >= 4, $"Expected the 3-step chain to run at least 4 episodes; got {childEpisodes.Count}.");
        var parentSpanIds = parentEpisodes.Select(e => e.SpanId).ToHashSet();
        Assert.All(childEpisodes, e => Assert.Contains(e.ParentSpanId, parentSpanIds));

        var activities = spans.Where(s => s.OperationName.StartsWith("activity:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["activity:AddOne", "activity:Double", "activity:Double"],
            activities.Select(a => a.OperationName).Order(StringComparer.Ordinal));
        var childSpanIds = childEpisodes.Select(e => e.SpanId).ToHashSet();
        Assert.All(activities, a => Assert.Contains(a.ParentSpanId, childSpanIds));
        Assert.All(activities, a => Assert.Equal(ActivityStatusCode.Unset, a.Status));

        List<Activity> Episodes(string name) => [.. spans.Where(s => s.OperationName == $"orchestration:{name}")];
    }
}
