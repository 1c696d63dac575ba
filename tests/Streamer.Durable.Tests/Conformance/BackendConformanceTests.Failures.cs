namespace Streamer.Durable.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    [Fact]
    public async Task Retry_policy_retries_a_failing_activity_until_it_succeeds()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.RetryUntilSuccess, null, deadline.Token);

        AssertCompleted(result);
        Assert.Equal("succeeded on attempt 3", result.ReadOutputAs<string>());
        Assert.Equal(3, ConformanceTasks.Attempts[result.InstanceId]);
    }

    [Fact]
    public async Task Exhausted_retries_fail_the_orchestration_with_the_activity_failure_inside()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.RetryUntilExhausted, null, deadline.Token);

        AssertFailed(result);
        Assert.Equal(3, ConformanceTasks.Attempts[result.InstanceId]);
        Assert.Equal(typeof(TaskFailedException).FullName, result.FailureDetails!.ErrorType);
        var inner = result.FailureDetails.InnerFailure;
        Assert.NotNull(inner);
        Assert.Equal(typeof(InvalidOperationException).FullName, inner.ErrorType);
        Assert.Equal(ConformanceTasks.AlwaysFailsMessage, inner.ErrorMessage);
    }

    [Fact]
    public async Task Orchestrator_can_catch_TaskFailedException_after_retries_are_exhausted()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.RetryUntilExhaustedCaught, null, deadline.Token);

        AssertCompleted(result);
        Assert.Equal($"{typeof(InvalidOperationException).FullName}: {ConformanceTasks.AlwaysFailsMessage}", result.ReadOutputAs<string>());
        Assert.Equal(3, ConformanceTasks.Attempts[result.InstanceId]);
    }

    [Fact]
    public async Task Retry_policy_HandleFailure_filter_that_refuses_runs_the_activity_exactly_once()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.RetryFilteredOut, null, deadline.Token);

        AssertCompleted(result);
        Assert.Equal($"{typeof(ArgumentException).FullName}: {ConformanceTasks.RejectsInputMessage}", result.ReadOutputAs<string>());
        Assert.Equal(1, ConformanceTasks.Attempts[result.InstanceId]);
    }

    [Fact]
    public async Task Orchestrator_exception_fails_the_instance_with_its_type_and_message()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.Throws, null, deadline.Token);

        AssertFailed(result);
        Assert.Equal(typeof(InvalidOperationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Equal("The orchestrator threw.", result.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task Sub_orchestration_failure_fails_the_parent_with_TaskFailedException()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var parent = await RunAsync(env.Client, ConformanceTasks.ParentOfFailingChild, null, deadline.Token);

        AssertFailed(parent);
        Assert.Equal(typeof(TaskFailedException).FullName, parent.FailureDetails!.ErrorType);
        Assert.NotNull(parent.FailureDetails.InnerFailure);
        Assert.Equal(typeof(InvalidOperationException).FullName, parent.FailureDetails.InnerFailure.ErrorType);
        Assert.Equal(ConformanceTasks.FailingChildMessage, parent.FailureDetails.InnerFailure.ErrorMessage);

        // The task hub is this test's own, so the only other instance is the child.
        var all = await env.Client.QueryInstancesAsync(new OrchestrationQuery(), deadline.Token);
        var child = Assert.Single(all.Values, i => i.InstanceId != parent.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child.RuntimeStatus);
        Assert.Equal(ConformanceTasks.FailingChild, child.Name);
        Assert.Equal(parent.InstanceId, child.ParentInstanceId);
    }

    [Fact]
    public async Task Orchestrator_can_catch_a_sub_orchestration_failure()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var parent = await RunAsync(env.Client, ConformanceTasks.ParentCatchingChildFailure, null, deadline.Token);

        AssertCompleted(parent);
        Assert.Equal($"{typeof(InvalidOperationException).FullName}: {ConformanceTasks.FailingChildMessage}", parent.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Awaiting_Task_Delay_in_an_orchestrator_fails_the_instance_as_non_deterministic()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.AwaitsTaskDelay, null, deadline.Token);

        AssertFailed(result);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
    }

    [Fact]
    public async Task Code_change_under_a_running_instance_fails_it_as_non_deterministic_naming_both_activities()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var instanceId = NewInstanceId();
        ConformanceTasks.CodeVersions[instanceId] = ConformanceTasks.CodeVersionAActivity;
        await ScheduleAsync(env.Client, ConformanceTasks.CodeChange, instanceId: instanceId);
        await WaitUntilWaitingAsync(env.Client, instanceId, deadline.Token);

        // Redeploy with code that schedules a different activity at the same point.
        await env.StopWorkerAsync();
        ConformanceTasks.CodeVersions[instanceId] = ConformanceTasks.CodeVersionBActivity;
        await env.StartWorkerAsync();
        await env.Client.RaiseEventAsync(instanceId, "Go", cancellationToken: deadline.Token);
        var result = await WaitForCompletionAsync(env.Client, instanceId, deadline.Token);

        AssertFailed(result);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains(ConformanceTasks.CodeVersionAActivity, result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(ConformanceTasks.CodeVersionBActivity, result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_orchestrator_name_fails_the_instance_with_a_message_naming_it()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, "NoSuchOrchestrator", null, deadline.Token);

        AssertFailed(result);
        Assert.Contains("NoSuchOrchestrator", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raising_an_event_on_an_unknown_instance_throws_OrchestrationNotFoundException()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var instanceId = NewInstanceId();

        var ex = await Assert.ThrowsAsync<OrchestrationNotFoundException>(
            () => env.Client.RaiseEventAsync(instanceId, ConformanceTasks.ApprovalEvent, "yes", deadline.Token));

        Assert.Equal(instanceId, ex.InstanceId);
        Assert.Null(await env.Client.GetInstanceAsync(instanceId, cancellationToken: deadline.Token));
    }
}
