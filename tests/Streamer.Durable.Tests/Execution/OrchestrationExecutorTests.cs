using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Durable.Execution;
using Streamer.Durable.History;
using Streamer.Durable.Serialization;

namespace Streamer.Durable.Tests.Execution;

/// <summary>Episode-level behaviour of the replay executor, fed batches no backend ordering can reliably produce.</summary>
public sealed class OrchestrationExecutorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Terminate_after_continue_as_new_in_the_same_batch_terminates_the_instance()
    {
        var executor = NewExecutor(new ContinuesAsNewOnEvent());

        var outcome = executor.Execute([], [Start(), Raised("next"), new ExecutionTerminatedEvent(Now, "\"stop\"")], Now);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, outcome.Status);
        Assert.Equal("\"stop\"", outcome.Output);
        Assert.Empty(outcome.CarryOverEvents);
    }

    [Fact]
    public void Events_and_suspend_after_continue_as_new_in_the_same_batch_travel_to_the_next_generation()
    {
        var executor = NewExecutor(new ContinuesAsNewOnEvent());
        var suspend = new ExecutionSuspendedEvent(Now, "maintenance");
        var other = Raised("other");

        var outcome = executor.Execute([], [Start(), Raised("next"), other, suspend], Now);

        Assert.Equal(OrchestrationRuntimeStatus.ContinuedAsNew, outcome.Status);
        Assert.Equal([other, suspend], outcome.CarryOverEvents);
    }

    [Fact]
    public void Terminated_episode_does_not_emit_the_work_it_scheduled()
    {
        var executor = NewExecutor(new SchedulesActivityOnEvent());

        var outcome = executor.Execute([], [Start(), Raised("go"), new ExecutionTerminatedEvent(Now, null)], Now);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, outcome.Status);
        Assert.DoesNotContain(outcome.NewEvents, e => e is TaskScheduledEvent);
    }

    [Fact]
    public void Duplicate_activity_result_is_not_recorded()
    {
        var executor = NewExecutor(new SchedulesActivityOnEvent());
        var first = executor.Execute([], [Start(), Raised("go")], Now);
        var scheduled = Assert.Single(first.NewEvents.OfType<TaskScheduledEvent>());
        var completed = new TaskCompletedEvent(Now, scheduled.EventId, "1");

        var second = executor.Execute([], [completed, completed], Now);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.Status);
        Assert.Single(second.NewEvents.OfType<TaskCompletedEvent>());
    }

    [Fact]
    public void Cached_and_replayed_executions_reach_the_same_state()
    {
        var cached = NewExecutor(new SchedulesActivityOnEvent());
        var first = cached.Execute([], [Start(), Raised("go")], Now);
        var history = first.NewEvents.ToList();
        var scheduled = history.OfType<TaskScheduledEvent>().Single();
        var completed = new TaskCompletedEvent(Now, scheduled.EventId, "41");

        var fromCache = cached.Execute([], [completed], Now);
        var fromReplay = NewExecutor(new SchedulesActivityOnEvent()).Execute(history, [completed], Now);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, fromCache.Status);
        Assert.Equal(fromCache.Status, fromReplay.Status);
        Assert.Equal(fromCache.Output, fromReplay.Output);
    }

    private static OrchestrationExecutor NewExecutor(ITaskOrchestrator orchestrator)
        => new(orchestrator, JsonDataConverter.Default, NullLoggerFactory.Instance);

    private static ExecutionStartedEvent Start()
        => new(Now, "Test", new OrchestrationInstance("instance", "execution"), "0");

    private static EventRaisedEvent Raised(string name) => new(Now, name, null);

    private sealed class ContinuesAsNewOnEvent : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int generation)
        {
            await context.WaitForExternalEvent<object?>("next");
            context.ContinueAsNew(generation + 1);
            return generation;
        }
    }

    private sealed class SchedulesActivityOnEvent : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            await context.WaitForExternalEvent<object?>("go");
            return await context.CallActivityAsync<int>("Work") + 1;
        }
    }
}
