using Streamer.Durable.History;

namespace Streamer.Durable.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    [Fact]
    public async Task Continue_as_new_for_100_generations_keeps_history_bounded()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.CountTo100, 0, deadline.Token);

        AssertCompleted(result);
        Assert.Equal(100, result.ReadOutputAs<int>());
        Assert.Equal(100, result.ReadInputAs<int>());

        var history = await env.Client.GetHistoryAsync(result.InstanceId, deadline.Token);
        Assert.True(history.Count < 20, $"The last generation's history has {history.Count} events; continue-as-new must start from fresh history.");
        var started = Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(100, result.DataConverter.Deserialize<int>(started.Input));
    }

    [Fact]
    public async Task Events_not_consumed_before_continue_as_new_are_carried_into_the_next_generation()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        // Each generation consumes one event; the other two must survive one or two restarts of the history.
        var instanceId = await ScheduleAsync(env.Client, ConformanceTasks.CollectThreeEvents, "");
        await env.Client.RaiseEventAsync(instanceId, "Item", "a", deadline.Token);
        await env.Client.RaiseEventAsync(instanceId, "Item", "b", deadline.Token);
        await env.Client.RaiseEventAsync(instanceId, "Item", "c", deadline.Token);
        var result = await WaitForCompletionAsync(env.Client, instanceId, deadline.Token);

        AssertCompleted(result);
        Assert.Equal("abc", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminating_an_instance_that_waits_for_an_event_ends_it_as_Terminated_with_the_reason_as_output()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var instanceId = await ScheduleAsync(env.Client, ConformanceTasks.WaitForApproval);
        await WaitUntilWaitingAsync(env.Client, instanceId, deadline.Token);

        await env.Client.TerminateInstanceAsync(instanceId, "no longer needed", deadline.Token);
        var result = await WaitForCompletionAsync(env.Client, instanceId, deadline.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("no longer needed", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Suspended_instance_holds_events_until_it_is_resumed()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var instanceId = await ScheduleAsync(env.Client, ConformanceTasks.WaitForApproval);
        await WaitUntilWaitingAsync(env.Client, instanceId, deadline.Token);

        await env.Client.SuspendInstanceAsync(instanceId, "maintenance", deadline.Token);
        await PollUntilAsync(env.Client, instanceId, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "Suspended", deadline.Token);
        await env.Client.RaiseEventAsync(instanceId, ConformanceTasks.ApprovalEvent, "held", deadline.Token);
        await AssertRemainsAsync(
            env.Client,
            instanceId,
            m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended && m.SerializedOutput is null,
            "Suspended with the event not consumed",
            TimeSpan.FromMilliseconds(500),
            deadline.Token);

        await env.Client.ResumeInstanceAsync(instanceId, "done", deadline.Token);
        var result = await WaitForCompletionAsync(env.Client, instanceId, deadline.Token);

        AssertCompleted(result);
        Assert.Equal("held", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Purging_one_instance_deletes_a_finished_instance_and_its_history_but_not_a_running_one()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var finished = await RunAsync(env.Client, ConformanceTasks.Chain, 1, deadline.Token);
        var running = await ScheduleAsync(env.Client, ConformanceTasks.WaitForApproval);
        await WaitUntilWaitingAsync(env.Client, running, deadline.Token);

        Assert.Equal(0, (await env.Client.PurgeInstanceAsync(running, deadline.Token)).PurgedInstanceCount);
        Assert.NotNull(await env.Client.GetInstanceAsync(running, cancellationToken: deadline.Token));

        Assert.Equal(1, (await env.Client.PurgeInstanceAsync(finished.InstanceId, deadline.Token)).PurgedInstanceCount);
        Assert.Null(await env.Client.GetInstanceAsync(finished.InstanceId, cancellationToken: deadline.Token));
        Assert.Empty(await env.Client.GetHistoryAsync(finished.InstanceId, deadline.Token));

        Assert.Equal(0, (await env.Client.PurgeInstanceAsync(finished.InstanceId, deadline.Token)).PurgedInstanceCount);
        Assert.Equal(0, (await env.Client.PurgeInstanceAsync(NewInstanceId(), deadline.Token)).PurgedInstanceCount);
    }

    [Fact]
    public async Task Purging_by_filter_deletes_only_matching_finished_instances()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var completed1 = await RunAsync(env.Client, ConformanceTasks.Chain, 1, deadline.Token);
        var completed2 = await RunAsync(env.Client, ConformanceTasks.Chain, 2, deadline.Token);
        var failed = await RunAsync(env.Client, ConformanceTasks.Throws, null, deadline.Token);
        AssertFailed(failed);
        var running = await ScheduleAsync(env.Client, ConformanceTasks.WaitForApproval);
        await WaitUntilWaitingAsync(env.Client, running, deadline.Token);

        await Assert.ThrowsAsync<ArgumentException>(
            () => env.Client.PurgeInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Running]), deadline.Token));

        var inTheFuture = await env.Client.PurgeInstancesAsync(new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.UtcNow.AddDays(1)), deadline.Token);
        Assert.Equal(0, inTheFuture.PurgedInstanceCount);

        var onlyCompleted = await env.Client.PurgeInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Completed]), deadline.Token);
        Assert.Equal(2, onlyCompleted.PurgedInstanceCount);
        Assert.Null(await env.Client.GetInstanceAsync(completed1.InstanceId, cancellationToken: deadline.Token));
        Assert.Null(await env.Client.GetInstanceAsync(completed2.InstanceId, cancellationToken: deadline.Token));
        Assert.NotNull(await env.Client.GetInstanceAsync(failed.InstanceId, cancellationToken: deadline.Token));

        var allFinished = await env.Client.PurgeInstancesAsync(new PurgeInstancesFilter(), deadline.Token);
        Assert.Equal(1, allFinished.PurgedInstanceCount);
        Assert.Null(await env.Client.GetInstanceAsync(failed.InstanceId, cancellationToken: deadline.Token));
        Assert.NotNull(await env.Client.GetInstanceAsync(running, cancellationToken: deadline.Token));
    }

    [Fact]
    public async Task Two_clients_racing_to_start_one_instance_id_start_it_exactly_once_and_it_can_restart_after_completing()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var instanceId = NewInstanceId();
        DurableTaskClient[] clients = [new DurableTaskClient(env.Backend), new DurableTaskClient(env.Backend)];

        var outcomes = await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, 10)
            .Select(_ => Task.Run(() => TryScheduleAsync(client, instanceId)))));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.OfType<Exception>(), ex =>
        {
            var conflict = Assert.IsType<OrchestrationAlreadyExistsException>(ex);
            Assert.Equal(instanceId, conflict.InstanceId);
        });
        Assert.Equal(19, outcomes.Count(o => o is not null));

        var first = await WaitUntilWaitingAsync(env.Client, instanceId, deadline.Token);
        await env.Client.RaiseEventAsync(instanceId, ConformanceTasks.ApprovalEvent, "first", deadline.Token);
        Assert.Equal("first", (await WaitForCompletionAsync(env.Client, instanceId, deadline.Token)).ReadOutputAs<string>());

        await ScheduleAsync(clients[1], ConformanceTasks.WaitForApproval, instanceId: instanceId);
        var second = await env.Client.WaitForInstanceStartAsync(instanceId, cancellationToken: deadline.Token);
        Assert.NotEqual(first.ExecutionId, second.ExecutionId);
        await WaitUntilWaitingAsync(env.Client, instanceId, deadline.Token);
        var history = await env.Client.GetHistoryAsync(instanceId, deadline.Token);
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Empty(history.OfType<ExecutionCompletedEvent>());

        await env.Client.RaiseEventAsync(instanceId, ConformanceTasks.ApprovalEvent, "second", deadline.Token);
        Assert.Equal("second", (await WaitForCompletionAsync(env.Client, instanceId, deadline.Token)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Query_filters_by_status_and_pages_through_every_instance_once_newest_first()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        List<string> createdInOrder = [];
        List<string> completed = [];
        List<string> running = [];
        for (var i = 0; i < 5; i++)
        {
            var isRunning = i % 2 == 1;
            var instanceId = isRunning
                ? await ScheduleAsync(env.Client, ConformanceTasks.WaitForApproval)
                : await ScheduleAsync(env.Client, ConformanceTasks.Chain, i);
            createdInOrder.Add(instanceId);
            (isRunning ? running : completed).Add(instanceId);
        }

        foreach (var instanceId in completed)
        {
            AssertCompleted(await WaitForCompletionAsync(env.Client, instanceId, deadline.Token));
        }

        foreach (var instanceId in running)
        {
            await WaitUntilWaitingAsync(env.Client, instanceId, deadline.Token);
        }

        Assert.Equal(running.Order(), await QueryIdsAsync(env.Client, [OrchestrationRuntimeStatus.Running], deadline.Token));
        Assert.Equal(completed.Order(), await QueryIdsAsync(env.Client, [OrchestrationRuntimeStatus.Completed], deadline.Token));
        Assert.Empty(await QueryIdsAsync(env.Client, [OrchestrationRuntimeStatus.Failed], deadline.Token));

        List<OrchestrationMetadata> walked = [];
        string? continuationToken = null;
        var pages = 0;
        do
        {
            var page = await env.Client.QueryInstancesAsync(new OrchestrationQuery { PageSize = 2, ContinuationToken = continuationToken }, deadline.Token);
            Assert.True(page.Values.Count <= 2, $"A page of size 2 returned {page.Values.Count} instances.");
            walked.AddRange(page.Values);
            continuationToken = page.ContinuationToken;
            Assert.True(++pages <= 10, "Paging did not end.");
        }
        while (continuationToken is not null);

        Assert.Equal(Enumerable.Reverse(createdInOrder), walked.Select(m => m.InstanceId));
        Assert.Equal(walked.Select(m => m.CreatedAt).OrderDescending(), walked.Select(m => m.CreatedAt));
    }

    [Fact]
    public async Task Custom_status_set_by_the_orchestrator_is_visible_to_clients()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var instanceId = await ScheduleAsync(env.Client, ConformanceTasks.ReportsProgress);

        await PollUntilAsync(
            env.Client,
            instanceId,
            m => m.SerializedCustomStatus is not null && m.ReadCustomStatusAs<ProgressStatus>() == new ProgressStatus(1, "half way"),
            "custom status step 1",
            deadline.Token);
        await env.Client.RaiseEventAsync(instanceId, "Finish", cancellationToken: deadline.Token);
        var result = await WaitForCompletionAsync(env.Client, instanceId, deadline.Token);

        AssertCompleted(result);
        Assert.Equal(new ProgressStatus(2, "done"), result.ReadCustomStatusAs<ProgressStatus>());
    }

    [Fact]
    public async Task Custom_status_larger_than_16_KiB_is_rejected_with_ArgumentException_and_the_previous_status_is_kept()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.OversizedCustomStatus, null, deadline.Token);

        AssertCompleted(result);
        var output = result.ReadOutputAs<string>();
        Assert.NotNull(output);
        Assert.StartsWith("System.Argument", output, StringComparison.Ordinal);
        Assert.True(
            output.Contains("16384", StringComparison.Ordinal) || output.Contains("16 KiB", StringComparison.OrdinalIgnoreCase) || output.Contains("16 KB", StringComparison.OrdinalIgnoreCase),
            $"The error should name the 16 KiB limit: {output}");
        Assert.Equal("small", result.ReadCustomStatusAs<string>());
    }

    private static async Task<Exception?> TryScheduleAsync(DurableTaskClient client, string instanceId)
    {
        try
        {
            await ScheduleAsync(client, ConformanceTasks.WaitForApproval, instanceId: instanceId);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static async Task<List<string>> QueryIdsAsync(DurableTaskClient client, OrchestrationRuntimeStatus[] statuses, CancellationToken cancellationToken)
    {
        var page = await client.QueryInstancesAsync(new OrchestrationQuery { Statuses = statuses }, cancellationToken);
        Assert.Null(page.ContinuationToken);
        return [.. page.Values.Select(m => m.InstanceId).Order()];
    }
}
