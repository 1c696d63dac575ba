using Streamer.Durable.History;

namespace Streamer.Durable.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    [Fact]
    public async Task Timers_fire_in_order_of_their_fire_time_not_their_creation_order()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.TimersInOrder, null, deadline.Token);

        AssertCompleted(result);
        Assert.Equal<int[]?>([100, 200, 300], result.ReadOutputAs<int[]>());

        var history = await env.Client.GetHistoryAsync(result.InstanceId, deadline.Token);
        var created = history.OfType<TimerCreatedEvent>().ToList();
        var fired = history.OfType<TimerFiredEvent>().ToList();
        Assert.Equal(3, created.Count);
        Assert.Equal(3, fired.Count);
        Assert.Equal(created.OrderBy(t => t.FireAt).Select(t => t.EventId), fired.Select(t => t.TimerId));
    }

    [Fact]
    public async Task Cancelled_timer_does_not_hold_up_completion()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.CancelledTimer, null, deadline.Token);

        AssertCompleted(result);
        Assert.Equal("42; timer cancelled", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Events_raised_before_the_wait_are_buffered_and_delivered_in_arrival_order()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        // The orchestrator calls an activity before it waits, so both events arrive before the wait.
        var instanceId = await ScheduleAsync(env.Client, ConformanceTasks.ActivityThenTwoEvents);
        await env.Client.RaiseEventAsync(instanceId, "Item", "first", deadline.Token);
        await env.Client.RaiseEventAsync(instanceId, "Item", "second", deadline.Token);
        var result = await WaitForCompletionAsync(env.Client, instanceId, deadline.Token);

        AssertCompleted(result);
        Assert.Equal("first,second", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Event_raised_while_the_orchestrator_waits_completes_the_wait()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var instanceId = await ScheduleAsync(env.Client, ConformanceTasks.WaitForApproval);

        var started = await env.Client.WaitForInstanceStartAsync(instanceId, cancellationToken: deadline.Token);
        Assert.NotEqual(OrchestrationRuntimeStatus.Pending, started.RuntimeStatus);
        await WaitUntilWaitingAsync(env.Client, instanceId, deadline.Token);
        await env.Client.RaiseEventAsync(instanceId, ConformanceTasks.ApprovalEvent, "approved", deadline.Token);
        var result = await WaitForCompletionAsync(env.Client, instanceId, deadline.Token);

        AssertCompleted(result);
        Assert.Equal("approved", result.ReadOutputAs<string>());

        // Events for a finished instance are discarded, not an error, and change nothing.
        await env.Client.RaiseEventAsync(instanceId, ConformanceTasks.ApprovalEvent, "too late", deadline.Token);
        var after = await env.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
        Assert.NotNull(after);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after.RuntimeStatus);
        Assert.Equal("approved", after.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Event_names_match_case_insensitively()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var instanceId = await ScheduleAsync(env.Client, ConformanceTasks.WaitForApproval);

        await WaitUntilWaitingAsync(env.Client, instanceId, deadline.Token);
        await env.Client.RaiseEventAsync(instanceId, ConformanceTasks.ApprovalEvent.ToUpperInvariant(), "shouted", deadline.Token);
        var result = await WaitForCompletionAsync(env.Client, instanceId, deadline.Token);

        AssertCompleted(result);
        Assert.Equal("shouted", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Wait_for_event_with_a_timeout_throws_TimeoutException_into_the_orchestrator()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.WaitWithTimeout, null, deadline.Token);

        AssertCompleted(result);
        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Instance_waiting_for_an_event_survives_a_worker_restart()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var instanceId = await ScheduleAsync(env.Client, ConformanceTasks.WaitForApproval);
        await WaitUntilWaitingAsync(env.Client, instanceId, deadline.Token);

        await env.RestartWorkerAsync();
        await env.Client.RaiseEventAsync(instanceId, ConformanceTasks.ApprovalEvent, "after restart", deadline.Token);
        var result = await WaitForCompletionAsync(env.Client, instanceId, deadline.Token);

        AssertCompleted(result);
        Assert.Equal("after restart", result.ReadOutputAs<string>());
    }
}
