using Streamer.Durable.Worker;

namespace Streamer.Durable.FaultHost;

/// <summary>The orchestrators and activity every fault host registers, and the outputs they must produce.</summary>
public static class FaultTasks
{
    /// <summary>Calls <see cref="Step"/> <see cref="StepCount"/> times in sequence and joins the results.</summary>
    public const string FiveSteps = nameof(FiveSteps);

    /// <summary>Like <see cref="FiveSteps"/>, with a durable timer of <see cref="TimerDelay"/> after the second step.</summary>
    public const string FiveStepsWithTimer = nameof(FiveStepsWithTimer);

    /// <summary>Works for the host's activity duration, then returns its input marked done.</summary>
    public const string Step = nameof(Step);

    public const int StepCount = 5;

    public static readonly TimeSpan TimerDelay = TimeSpan.FromSeconds(2);

    public static void Register(DurableTaskRegistry registry, TimeSpan activityDuration)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddOrchestratorFunc<string, string>(FiveSteps, (context, seed) => RunStepsAsync(context, seed, withTimer: false))
            .AddOrchestratorFunc<string, string>(FiveStepsWithTimer, (context, seed) => RunStepsAsync(context, seed, withTimer: true))
            .AddActivityFunc<string, string>(Step, async (context, input) =>
            {
                await Task.Delay(activityDuration, context.CancellationToken);
                return StepOutput(input);
            });
    }

    /// <summary>What either orchestrator returns for <paramref name="seed"/>.</summary>
    public static string ExpectedOutput(string seed)
        => string.Join("|", Enumerable.Range(0, StepCount).Select(i => StepOutput(StepInput(seed, i))));

    private static async Task<string> RunStepsAsync(TaskOrchestrationContext context, string seed, bool withTimer)
    {
        var results = new List<string>(StepCount);
        for (var i = 0; i < StepCount; i++)
        {
            if (withTimer && i == 2)
            {
                await context.CreateTimer(TimerDelay, CancellationToken.None);
            }

            results.Add(await context.CallActivityAsync<string>(Step, StepInput(seed, i)));
        }

        return string.Join("|", results);
    }

    private static string StepInput(string seed, int step) => $"{seed}/{step}";

    private static string StepOutput(string input) => $"{input}:done";
}
