using System.Collections.Concurrent;
using Streamer.Durable.History;
using Streamer.Durable.Worker;

namespace Streamer.Durable.Testing.Tests;

public sealed class DurableTestHostTests
{
    private const string WeekLongTimer = nameof(WeekLongTimer);
    private const string Checkout = nameof(Checkout);
    private const string AwaitApproval = nameof(AwaitApproval);
    private const string ReportProgress = nameof(ReportProgress);
    private const string RetryAfterAnHour = nameof(RetryAfterAnHour);
    private const string TimerRacingActivity = nameof(TimerRacingActivity);
    private const string AwaitForever = nameof(AwaitForever);

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private static readonly ConcurrentDictionary<string, int> FlakyAttempts = new();

    [Fact]
    public async Task Seven_day_timer_completes_under_RunAsync_and_the_orchestrator_sees_the_clock_seven_days_later()
    {
        await using var host = await DurableTestHost.StartAsync(Register, new DurableTestHostOptions { StartTime = Start });

        var result = await host.RunAsync(WeekLongTimer);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal<DateTime[]?>([Start.UtcDateTime, Start.UtcDateTime.AddDays(7)], result.ReadOutputAs<DateTime[]>());
        Assert.Equal(Start.AddDays(7), host.TimeProvider.GetUtcNow());
    }

    [Fact]
    public async Task History_shows_the_timer_created_and_fired_at_its_fire_time()
    {
        await using var host = await DurableTestHost.StartAsync(Register, new DurableTestHostOptions { StartTime = Start });

        var result = await host.RunAsync(WeekLongTimer);
        var history = await host.Client.GetHistoryAsync(result.InstanceId);

        var created = Assert.Single(history.OfType<TimerCreatedEvent>());
        var fired = Assert.Single(history.OfType<TimerFiredEvent>());
        Assert.Equal(Start.AddDays(7), created.FireAt);
        Assert.Equal(created.EventId, fired.TimerId);
        Assert.Equal(Start.AddDays(7), fired.FireAt);
        var order = history.ToList();
        Assert.True(order.IndexOf(created) < order.IndexOf(fired));
    }

    [Fact]
    public async Task Faked_activity_replaces_the_real_one()
    {
        await using var host = await DurableTestHost.StartAsync(tasks => AddSuiteTasks(tasks)
            .FakeActivity<int, string>("ChargeCard", amount => $"fake receipt for {amount}"));

        var result = await host.RunAsync(Checkout, 42, instanceId: "checkout-1");

        Assert.Equal("checkout-1", result.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("fake receipt for 42", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Real_activity_runs_when_it_is_not_faked()
    {
        await using var host = await DurableTestHost.StartAsync(Register);

        var result = await host.RunAsync(Checkout, 42);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(InvalidOperationException).FullName, result.FailureDetails?.InnerFailure?.ErrorType);
    }

    [Fact]
    public async Task Manual_time_event_raised_after_the_host_is_idle_reaches_the_waiting_orchestrator()
    {
        var options = new DurableTestHostOptions { AutoAdvanceTime = false, StartTime = Start };
        await using var host = await DurableTestHost.StartAsync(Register, options);
        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(AwaitApproval);

        await host.WaitForIdleAsync();
        var waiting = await host.Client.GetInstanceAsync(instanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting?.RuntimeStatus);
        await host.Client.RaiseEventAsync(instanceId, "Approval", "yes");
        var result = await host.WaitForCompletionAsync(instanceId);

        Assert.Equal("approved: yes", result.ReadOutputAs<string>());
        Assert.Equal(Start, host.TimeProvider.GetUtcNow());
    }

    [Fact]
    public async Task Manual_time_advancing_past_the_event_timeout_makes_the_orchestrator_observe_TimeoutException()
    {
        var options = new DurableTestHostOptions { AutoAdvanceTime = false, StartTime = Start };
        await using var host = await DurableTestHost.StartAsync(Register, options);
        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(AwaitApproval);
        await host.WaitForIdleAsync();

        await host.AdvanceTimeAsync(TimeSpan.FromMinutes(59));
        var beforeTimeout = await host.Client.GetInstanceAsync(instanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, beforeTimeout?.RuntimeStatus);

        await host.AdvanceTimeAsync(TimeSpan.FromMinutes(1));
        var result = await host.WaitForCompletionAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Custom_status_can_be_inspected_while_the_orchestrator_waits()
    {
        await using var host = await DurableTestHost.StartAsync(Register);
        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(ReportProgress);

        await host.WaitForIdleAsync();
        var waiting = await host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        Assert.NotNull(waiting);
        Assert.True(
            waiting.ReadCustomStatusAs<Progress>() == new Progress(50, "charging"),
            $"Expected the status set before the wait; the instance is {waiting.RuntimeStatus} with custom status {waiting.SerializedCustomStatus ?? "null"}, failure {waiting.FailureDetails?.ToString() ?? "none"}.");

        await host.Client.RaiseEventAsync(instanceId, "Continue");
        var result = await host.WaitForCompletionAsync(instanceId);

        Assert.Equal(new Progress(100, "done"), result.ReadCustomStatusAs<Progress>());
    }

    [Fact]
    public async Task Retry_delay_of_an_hour_is_skipped_by_auto_advance()
    {
        await using var host = await DurableTestHost.StartAsync(Register, new DurableTestHostOptions { StartTime = Start });

        var result = await host.RunAsync(RetryAfterAnHour);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("succeeded on attempt 2", result.ReadOutputAs<string>());
        Assert.Equal(Start.AddHours(1), host.TimeProvider.GetUtcNow());
    }

    [Fact]
    public async Task Auto_advance_does_not_fire_a_timer_while_an_activity_is_still_running()
    {
        await using var host = await DurableTestHost.StartAsync(Register, new DurableTestHostOptions { StartTime = Start });

        var result = await host.RunAsync(TimerRacingActivity);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("activity", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForCompletionAsync_of_an_instance_that_never_finishes_throws_TimeoutException()
    {
        await using var host = await DurableTestHost.StartAsync(Register, new DurableTestHostOptions { Timeout = TimeSpan.FromSeconds(1) });
        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(AwaitForever);

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => host.WaitForCompletionAsync(instanceId));

        Assert.Contains(instanceId, ex.Message, StringComparison.Ordinal);
    }

    private static string ThrowRealGatewayCalled() => throw new InvalidOperationException("The real payment gateway was called from a unit test.");

    private static void Register(DurableTaskRegistry tasks) => AddSuiteTasks(tasks);

    private static DurableTaskRegistry AddSuiteTasks(DurableTaskRegistry tasks) => tasks
        .AddOrchestratorFunc<string?, DateTime[]>(WeekLongTimer, async (context, _) =>
        {
            var before = context.CurrentUtcDateTime;
            await context.CreateTimer(TimeSpan.FromDays(7), CancellationToken.None);
            return [before, context.CurrentUtcDateTime];
        })
        .AddActivityFunc<int, string>("ChargeCard", (_, _) => ThrowRealGatewayCalled())
        .AddOrchestratorFunc<int, string>(Checkout, (context, amount) => context.CallActivityAsync<string>("ChargeCard", amount))
        .AddOrchestratorFunc<string?, string>(AwaitApproval, async (context, _) =>
        {
            try
            {
                return "approved: " + await context.WaitForExternalEvent<string>("Approval", TimeSpan.FromHours(1));
            }
            catch (TimeoutException)
            {
                return "timed out";
            }
        })
        .AddOrchestratorFunc<string?, string>(ReportProgress, async (context, _) =>
        {
            context.SetCustomStatus(new Progress(50, "charging"));
            await context.WaitForExternalEvent<string?>("Continue");
            context.SetCustomStatus(new Progress(100, "done"));
            return "ok";
        })
        .AddActivityFunc<string?, string>("FailsFirstTime", (context, _) =>
        {
            var attempt = FlakyAttempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
            return attempt == 1 ? throw new InvalidOperationException("First attempt fails.") : $"succeeded on attempt {attempt}";
        })
        .AddOrchestratorFunc<string?, string>(RetryAfterAnHour, (context, _) => context.CallActivityAsync<string>(
            "FailsFirstTime",
            options: TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromHours(1)))))
        .AddActivityFunc<string?, string>("TakesRealTime", async (context, _) =>
        {
            // Stands for I/O that takes real time; the fake clock must not jump to the timer meanwhile.
            await Task.Delay(TimeSpan.FromMilliseconds(200), context.CancellationToken);
            return "activity";
        })
        .AddOrchestratorFunc<string?, string>(TimerRacingActivity, async (context, _) =>
        {
            using var cancelTimer = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromHours(1), cancelTimer.Token);
            var activity = context.CallActivityAsync<string>("TakesRealTime");
            var winner = await Task.WhenAny(timer, activity);
            cancelTimer.Cancel();
            return winner == activity ? await activity : "timer";
        })
        .AddOrchestratorFunc<string?, string>(AwaitForever, (context, _) => context.WaitForExternalEvent<string>("Never"));
}
