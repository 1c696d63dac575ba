using System.Collections.Concurrent;
using Streamer.Durable.Worker;

namespace Streamer.Durable.Tests.Conformance;

/// <summary>
/// The orchestrators and activities the conformance suite runs. State that tests observe from
/// outside (attempt counts, invocation counts, code versions) is keyed by instance id, so tests
/// and backends running in parallel do not see each other's values.
/// </summary>
public static class ConformanceTasks
{
    public const string Chain = nameof(Chain);
    public const string FanOutFanIn = nameof(FanOutFanIn);
    public const string RetryUntilSuccess = nameof(RetryUntilSuccess);
    public const string RetryUntilExhausted = nameof(RetryUntilExhausted);
    public const string RetryUntilExhaustedCaught = nameof(RetryUntilExhaustedCaught);
    public const string RetryFilteredOut = nameof(RetryFilteredOut);
    public const string TimersInOrder = nameof(TimersInOrder);
    public const string CancelledTimer = nameof(CancelledTimer);
    public const string WaitForApproval = nameof(WaitForApproval);
    public const string ActivityThenTwoEvents = nameof(ActivityThenTwoEvents);
    public const string WaitWithTimeout = nameof(WaitWithTimeout);
    public const string ParentOfChain = nameof(ParentOfChain);
    public const string FailingChild = nameof(FailingChild);
    public const string ParentOfFailingChild = nameof(ParentOfFailingChild);
    public const string ParentCatchingChildFailure = nameof(ParentCatchingChildFailure);
    public const string CountTo100 = nameof(CountTo100);
    public const string CollectThreeEvents = nameof(CollectThreeEvents);
    public const string EchoThroughActivity = nameof(EchoThroughActivity);
    public const string Throws = nameof(Throws);
    public const string AwaitsTaskDelay = nameof(AwaitsTaskDelay);
    public const string CodeChange = nameof(CodeChange);
    public const string ReportsProgress = nameof(ReportsProgress);
    public const string OversizedCustomStatus = nameof(OversizedCustomStatus);

    public const string DoubleActivity = "Double";
    public const string AddOneActivity = "AddOne";
    public const string EchoActivity = "Echo";
    public const string FailTwiceActivity = "FailTwice";
    public const string AlwaysFailsActivity = "AlwaysFails";
    public const string RejectsInputActivity = "RejectsInput";
    public const string CodeVersionAActivity = "CodeVersionA";
    public const string CodeVersionBActivity = "CodeVersionB";

    /// <summary>The event <see cref="WaitForApproval"/> waits for.</summary>
    public const string ApprovalEvent = "Approval";

    /// <summary>The custom status orchestrators set right before they wait for an event.</summary>
    public const string WaitingStatus = "waiting";

    public const string AlwaysFailsMessage = "The activity always fails.";
    public const string RejectsInputMessage = "The input is not acceptable.";
    public const string FailingChildMessage = "The child orchestration failed.";

    /// <summary>How many times an orchestrator body was entered (first run plus replays), per instance id.</summary>
    public static ConcurrentDictionary<string, int> Invocations { get; } = new();

    /// <summary>How many times a counting activity ran, per instance id.</summary>
    public static ConcurrentDictionary<string, int> Attempts { get; } = new();

    /// <summary>Which activity <see cref="CodeChange"/> schedules, per instance id: the "deployed code version".</summary>
    public static ConcurrentDictionary<string, string> CodeVersions { get; } = new();

    private static RetryPolicy ThreeQuickAttempts => new(3, TimeSpan.FromMilliseconds(50));

    public static void Register(DurableTaskRegistry registry)
    {
        RegisterActivities(registry);
        RegisterActivityOrchestrators(registry);
        RegisterFailureOrchestrators(registry);
        RegisterTimerAndEventOrchestrators(registry);
        RegisterLifecycleOrchestrators(registry);
    }

    private static void RegisterActivities(DurableTaskRegistry registry) => registry
        .AddActivityFunc<int, int>(DoubleActivity, (_, value) => value * 2)
        .AddActivityFunc<int, int>(AddOneActivity, (_, value) => value + 1)
        .AddActivityFunc<string, string>(EchoActivity, (_, value) => value)
        .AddActivityFunc<string?, string>(FailTwiceActivity, (context, _) =>
        {
            var attempt = CountAttempt(context.InstanceId);
            return attempt <= 2
                ? throw new InvalidOperationException($"Attempt {attempt} failed.")
                : $"succeeded on attempt {attempt}";
        })
        .AddActivityFunc<string?, string>(AlwaysFailsActivity, (context, _) =>
        {
            CountAttempt(context.InstanceId);
            return Throw(new InvalidOperationException(AlwaysFailsMessage));
        })
        .AddActivityFunc<string?, string>(RejectsInputActivity, (context, _) =>
        {
            CountAttempt(context.InstanceId);
            return Throw(new ArgumentException(RejectsInputMessage));
        })
        .AddActivityFunc<string?, string>(CodeVersionAActivity, (_, _) => "A")
        .AddActivityFunc<string?, string>(CodeVersionBActivity, (_, _) => "B");

    private static void RegisterActivityOrchestrators(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<int, int>(Chain, async (context, input) =>
        {
            var doubled = await context.CallActivityAsync<int>(DoubleActivity, input);
            var plusOne = await context.CallActivityAsync<int>(AddOneActivity, doubled);
            return await context.CallActivityAsync<int>(DoubleActivity, plusOne);
        })
        .AddOrchestratorFunc<int, int>(FanOutFanIn, async (context, count) =>
        {
            Invocations.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
            var tasks = Enumerable.Range(1, count).Select(i => context.CallActivityAsync<int>(DoubleActivity, i)).ToList();
            var results = await Task.WhenAll(tasks);
            return results.Sum();
        })
        .AddOrchestratorFunc<string, string>(EchoThroughActivity, (context, input)
            => context.CallActivityAsync<string>(EchoActivity, input))
        .AddOrchestratorFunc<int, int>(ParentOfChain, async (context, input) =>
        {
            var options = new SubOrchestrationOptions(InstanceId: context.InstanceId + "-child");
            var childOutput = await context.CallSubOrchestratorAsync<int>(Chain, input, options);
            return childOutput + 1;
        });

    private static void RegisterFailureOrchestrators(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<string?, string>(RetryUntilSuccess, (context, _)
            => context.CallActivityAsync<string>(FailTwiceActivity, null, TaskOptions.FromRetryPolicy(ThreeQuickAttempts)))
        .AddOrchestratorFunc<string?, string>(RetryUntilExhausted, (context, _)
            => context.CallActivityAsync<string>(AlwaysFailsActivity, null, TaskOptions.FromRetryPolicy(ThreeQuickAttempts)))
        .AddOrchestratorFunc<string?, string>(RetryUntilExhaustedCaught, async (context, _) =>
        {
            try
            {
                return await context.CallActivityAsync<string>(AlwaysFailsActivity, null, TaskOptions.FromRetryPolicy(ThreeQuickAttempts));
            }
            catch (TaskFailedException ex)
            {
                return Describe(ex.FailureDetails);
            }
        })
        .AddOrchestratorFunc<string?, string>(RetryFilteredOut, async (context, _) =>
        {
            var policy = new RetryPolicy(3, TimeSpan.FromMilliseconds(50))
            {
                HandleFailure = failure => !failure.IsCausedBy<ArgumentException>(),
            };
            try
            {
                return await context.CallActivityAsync<string>(RejectsInputActivity, null, TaskOptions.FromRetryPolicy(policy));
            }
            catch (TaskFailedException ex)
            {
                return Describe(ex.FailureDetails);
            }
        })
        .AddOrchestratorFunc<string?, string>(FailingChild, async (context, _) =>
        {
            await context.CallActivityAsync<int>(DoubleActivity, 1);
            throw new InvalidOperationException(FailingChildMessage);
        })
        .AddOrchestratorFunc<string?, string>(ParentOfFailingChild, (context, _)
            => context.CallSubOrchestratorAsync<string>(FailingChild))
        .AddOrchestratorFunc<string?, string>(ParentCatchingChildFailure, async (context, _) =>
        {
            try
            {
                return await context.CallSubOrchestratorAsync<string>(FailingChild);
            }
            catch (TaskFailedException ex)
            {
                return Describe(ex.FailureDetails);
            }
        })
        .AddOrchestratorFunc<string?, string>(Throws, (_, _)
            => Task.FromException<string>(new InvalidOperationException("The orchestrator threw.")))
        .AddOrchestratorFunc<string?, string>(AwaitsTaskDelay, async (_, _) =>
        {
            // Breaks the determinism rule on purpose: Task.Delay is not a durable timer.
            await Task.Delay(10);
            return "finished";
        })
        .AddOrchestratorFunc<string?, string>(CodeChange, async (context, _) =>
        {
            var version = await context.CallActivityAsync<string>(CodeVersions[context.InstanceId]);
            context.SetCustomStatus(WaitingStatus);
            await context.WaitForExternalEvent<string>("Go");
            return version;
        });

    private static void RegisterTimerAndEventOrchestrators(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<string?, int[]>(TimersInOrder, async (context, _) =>
        {
            var fired = new List<int>();
            async Task WaitAndRecord(int milliseconds)
            {
                await context.CreateTimer(TimeSpan.FromMilliseconds(milliseconds), CancellationToken.None);
                fired.Add(milliseconds);
            }

            await Task.WhenAll(WaitAndRecord(300), WaitAndRecord(100), WaitAndRecord(200));
            return [.. fired];
        })
        .AddOrchestratorFunc<string?, string>(CancelledTimer, async (context, _) =>
        {
            using var cancelTimer = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromDays(1), cancelTimer.Token);
            var activity = context.CallActivityAsync<int>(DoubleActivity, 21);
            if (await Task.WhenAny(timer, activity) != activity)
            {
                return "the timer won";
            }

            var doubled = await activity;

            // Cancel synchronously: CancelAsync would run the engine's callbacks off the orchestrator's thread.
            cancelTimer.Cancel();
            try
            {
                await timer;
                return $"{doubled}; timer completed";
            }
            catch (OperationCanceledException)
            {
                return $"{doubled}; timer cancelled";
            }
        })
        .AddOrchestratorFunc<string?, string>(WaitForApproval, (context, _) =>
        {
            context.SetCustomStatus(WaitingStatus);
            return context.WaitForExternalEvent<string>(ApprovalEvent);
        })
        .AddOrchestratorFunc<string?, string>(ActivityThenTwoEvents, async (context, _) =>
        {
            await context.CallActivityAsync<int>(DoubleActivity, 1);
            var first = await context.WaitForExternalEvent<string>("Item");
            var second = await context.WaitForExternalEvent<string>("Item");
            return $"{first},{second}";
        })
        .AddOrchestratorFunc<string?, string>(WaitWithTimeout, async (context, _) =>
        {
            try
            {
                return await context.WaitForExternalEvent<string>("NeverRaised", TimeSpan.FromMilliseconds(200));
            }
            catch (TimeoutException)
            {
                return "timed out";
            }
        });

    private static void RegisterLifecycleOrchestrators(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<int, int>(CountTo100, async (context, count) =>
        {
            var next = await context.CallActivityAsync<int>(AddOneActivity, count);
            if (next <= 100)
            {
                context.ContinueAsNew(next);
            }

            return count;
        })
        .AddOrchestratorFunc<string, string>(CollectThreeEvents, async (context, collected) =>
        {
            // One event per generation: the rest must be carried into the next generation.
            var item = await context.WaitForExternalEvent<string>("Item");
            var next = collected + item;
            if (next.Length < 3)
            {
                context.ContinueAsNew(next);
            }

            return next;
        })
        .AddOrchestratorFunc<string?, string>(ReportsProgress, async (context, _) =>
        {
            context.SetCustomStatus(new ProgressStatus(1, "half way"));
            await context.WaitForExternalEvent<string>("Finish");
            context.SetCustomStatus(new ProgressStatus(2, "done"));
            return "finished";
        })
        .AddOrchestratorFunc<string?, string>(OversizedCustomStatus, (context, _) =>
        {
            context.SetCustomStatus("small");
            try
            {
                context.SetCustomStatus(new string('x', 20 * 1024));
                return Task.FromResult("accepted");
            }
            catch (ArgumentException ex)
            {
                return Task.FromResult($"{ex.GetType().FullName}: {ex.Message}");
            }
        });

    private static string Throw(Exception exception) => throw exception;

    private static int CountAttempt(string instanceId) => Attempts.AddOrUpdate(instanceId, 1, (_, n) => n + 1);

    private static string Describe(TaskFailureDetails failure) => $"{failure.ErrorType}: {failure.ErrorMessage}";
}
