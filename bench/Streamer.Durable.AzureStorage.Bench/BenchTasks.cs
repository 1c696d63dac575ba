using Streamer.Durable.Worker;

namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>The benchmark's orchestrators and its one activity, a no-op (returns its input), so that only engine and storage are measured.</summary>
internal static class BenchTasks
{
    public const string Chain = "Chain";
    public const string FanOut = "FanOut";
    public const string Ping = "Ping";
    public const string Noop = "Noop";

    public static void Register(DurableTaskRegistry tasks) => tasks
        .AddOrchestratorFunc<int, int>(Chain, async (context, count) =>
        {
            for (var i = 0; i < count; i++)
            {
                await context.CallActivityAsync<int>(Noop, i);
            }

            return count;
        })
        .AddOrchestratorFunc<int, int>(FanOut, async (context, count) =>
        {
            var calls = new Task<int>[count];
            for (var i = 0; i < count; i++)
            {
                calls[i] = context.CallActivityAsync<int>(Noop, i);
            }

            return (await Task.WhenAll(calls)).Length;
        })
        .AddOrchestratorFunc<int, int>(Ping, (_, input) => Task.FromResult(input))
        .AddActivityFunc<int, int>(Noop, (_, input) => input);
}
