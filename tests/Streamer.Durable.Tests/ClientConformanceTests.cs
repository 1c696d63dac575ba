using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Streamer.Durable.Tests;

/// <summary>Our <see cref="DurableTaskClient"/> behaves as durabletask-dotnet's client does on Durable Functions.</summary>
[Collection(ClientCollection.Name)]
public sealed class ClientConformanceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Scheduled_instance_with_id_completes_with_its_output()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var options = new StartOrchestrationOptions("hello-ada") { Tags = new Dictionary<string, string> { ["tenant"] = "contoso" } };
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), "Ada", options);

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal("hello-ada", id);
        Assert.Equal("hello-ada", done.InstanceId);
        Assert.Equal(nameof(HelloOrchestrator), done.Name);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Hello, Ada!", done.ReadOutputAs<string>());
        Assert.Equal("Ada", done.ReadInputAs<string>());
        Assert.Equal("contoso", done.Tags["tenant"]);
    }

    [Fact]
    public async Task Instance_scheduled_for_later_starts_no_earlier_than_its_start_time()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var startAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StartTimeOrchestrator), null, new StartOrchestrationOptions(StartAt: startAt));

        var pending = await host.Client.GetInstanceAsync(id);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.NotNull(pending);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        // Azure Storage hides the start message for whole seconds, so allow it to surface up to a second early.
        var startedAt = done.ReadOutputAs<DateTime>();
        Assert.True(startedAt >= startAt.UtcDateTime.AddSeconds(-1), $"started at {startedAt:O}, scheduled for {startAt:O}");
    }

    [Fact]
    public async Task Get_returns_inputs_and_outputs_only_when_asked()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), "Grace");
        await host.Client.WaitForInstanceCompletionAsync(id, cancellation: Eventually.Deadline());

        var with = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        var without = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: false);
        var missing = await host.Client.GetInstanceAsync("no-such-instance");

        Assert.NotNull(with);
        Assert.Equal("\"Grace\"", with.SerializedInput);
        Assert.Equal("\"Hello, Grace!\"", with.SerializedOutput);
        Assert.NotNull(without);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, without.RuntimeStatus);
        Assert.Null(without.SerializedInput);
        Assert.Null(without.SerializedOutput);
        Assert.True(without.CreatedAt <= without.LastUpdatedAt);
        Assert.Equal(TimeSpan.Zero, without.CreatedAt.Offset);
        Assert.Null(missing);
    }

    [Fact]
    public async Task Raised_event_completes_the_orchestrator_waiting_for_it_with_its_payload()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator));
        var started = await host.Client.WaitForInstanceStartAsync(id, cancellation: Eventually.Deadline());

        await host.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "approved by Linus");
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Running, started.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("approved by Linus", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminated_instance_ends_Terminated_with_the_reason_as_output()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator));
        await host.Client.WaitForInstanceStartAsync(id, cancellation: Eventually.Deadline());

        await host.Client.TerminateInstanceAsync(id, "no longer needed");
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("no longer needed", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Suspended_instance_holds_its_events_until_resumed_then_completes()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator));
        await host.Client.WaitForInstanceStartAsync(id, cancellation: Eventually.Deadline());

        await host.Client.SuspendInstanceAsync(id, "maintenance");
        var suspended = await Eventually.UntilAsync(
            () => host.Client.GetInstanceAsync(id),
            m => m?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended,
            "the instance to be suspended");
        await host.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "while suspended");
        await host.Client.ResumeInstanceAsync(id, "maintenance over");
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("while suspended", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task History_is_returned_as_typed_DTFx_events_in_order()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), "Barbara");
        await host.Client.WaitForInstanceCompletionAsync(id, cancellation: Eventually.Deadline());

        var history = await host.Client.GetOrchestrationHistoryAsync(id);

        var started = Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(nameof(HelloOrchestrator), started.Name);
        Assert.Equal("\"Barbara\"", started.Input);
        var scheduled = Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Equal(nameof(EchoActivity), scheduled.Name);
        var completed = Assert.Single(history.OfType<TaskCompletedEvent>());
        Assert.Equal(scheduled.EventId, completed.TaskScheduledId);
        Assert.Equal("\"Hello, Barbara!\"", completed.Result);
        var finished = Assert.Single(history.OfType<ExecutionCompletedEvent>());
        Assert.Equal(DurableTask.Core.OrchestrationStatus.Completed, finished.OrchestrationStatus);
        Assert.Contains(history, e => e is OrchestratorStartedEvent);
        Assert.DoesNotContain(history, e => e is GenericEvent);
        var order = history.Select(e => e.EventType)
            .Where(t => t is EventType.ExecutionStarted or EventType.TaskScheduled or EventType.TaskCompleted or EventType.ExecutionCompleted);
        Assert.Equal([EventType.ExecutionStarted, EventType.TaskScheduled, EventType.TaskCompleted, EventType.ExecutionCompleted], order);
    }

    [Fact]
    public async Task Waits_return_the_instance_once_it_has_started_and_once_it_has_finished()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator), "input");

        var started = await host.Client.WaitForInstanceStartAsync(id, getInputsAndOutputs: true, Eventually.Deadline());
        await host.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "done");
        var finished = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Running, started.RuntimeStatus);
        Assert.Equal("input", started.ReadInputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.Null(finished.SerializedOutput);
    }

    [Fact]
    public async Task Waiting_is_cancelled_by_its_token()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator));
        using var cancel = new CancellationTokenSource();
        var wait = host.Client.WaitForInstanceCompletionAsync(id, cancellation: cancel.Token);

        await cancel.CancelAsync();

        // A wait that ignored its token would never end: bound it, so that fails the test instead of hanging it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Eventually.DefaultTimeout));
    }

    [Fact]
    public async Task Scheduling_a_running_id_again_throws_OrchestrationAlreadyExistsException_and_a_finished_one_is_replaced()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator), null, new StartOrchestrationOptions("dedupe-running"));
        await host.Client.WaitForInstanceStartAsync(id, cancellation: Eventually.Deadline());

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), "again", new StartOrchestrationOptions(id)));

        await host.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "first");
        await host.Client.WaitForInstanceCompletionAsync(id, cancellation: Eventually.Deadline());
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), "second", new StartOrchestrationOptions(id));
        var second = await Eventually.UntilAsync(
            () => host.Client.GetInstanceAsync(id, getInputsAndOutputs: true),
            m => m is { RuntimeStatus: OrchestrationRuntimeStatus.Completed, Name: nameof(HelloOrchestrator) },
            "the replacing instance to complete");
        Assert.Equal("Hello, second!", second!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Scheduling_a_finished_id_again_throws_when_every_status_is_deduplicated()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), "once", new StartOrchestrationOptions("dedupe-all"));
        await host.Client.WaitForInstanceCompletionAsync(id, cancellation: Eventually.Deadline());
        var everyStatus = new StartOrchestrationOptions(id) { DedupeStatuses = Enum.GetNames<OrchestrationRuntimeStatus>() };

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), "twice", everyStatus));

        var instance = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal("Hello, once!", instance!.ReadOutputAs<string>());
    }
}
