using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask;

namespace Streamer.Durable.Bench;

/// <summary>
/// The benchmark's orchestrators and its one activity, a no-op returning its input, so only the runner and storage are
/// measured. The orchestrators count how often their body starts and how many activity calls they make while DTFx
/// replays their history: without extended sessions every episode starts the body again and replays every earlier call.
/// </summary>
internal static class BenchTasks
{
    public const string Chain = "Chain";
    public const string FanOut = "FanOut";
    public const string Ping = "Ping";
    public const string Noop = "Noop";

    private static long _bodyStarts;
    private static long _replayedCalls;
    private static long _activityRuns;
    private static ConcurrentQueue<long> _activityTimestamps = new();
    private static long _resetAt = Stopwatch.GetTimestamp();

    /// <summary>Orchestrator bodies started (first runs and replays) since <see cref="Reset"/>.</summary>
    public static long BodyStarts => Interlocked.Read(ref _bodyStarts);

    /// <summary>Activity calls an orchestrator made while replaying (answered from history) since <see cref="Reset"/>.</summary>
    public static long ReplayedCalls => Interlocked.Read(ref _replayedCalls);

    /// <summary>Activity executions since <see cref="Reset"/>.</summary>
    public static long ActivityRuns => Interlocked.Read(ref _activityRuns);

    public static void Reset()
    {
        Interlocked.Exchange(ref _bodyStarts, 0);
        Interlocked.Exchange(ref _replayedCalls, 0);
        Interlocked.Exchange(ref _activityRuns, 0);
        Volatile.Write(ref _activityTimestamps, new ConcurrentQueue<long>());
        Interlocked.Exchange(ref _resetAt, Stopwatch.GetTimestamp());
    }

    /// <summary>When each activity ran, since <see cref="Reset"/>, in order.</summary>
    public static IReadOnlyList<TimeSpan> ActivityTimes()
    {
        var start = Interlocked.Read(ref _resetAt);
        return [.. Volatile.Read(ref _activityTimestamps).Order().Select(t => Stopwatch.GetElapsedTime(start, t))];
    }

    public static void Register(DurableTaskRegistry tasks) => tasks
        .AddOrchestratorFunc<int, int>(Chain, async (context, count) =>
        {
            Interlocked.Increment(ref _bodyStarts);
            for (var i = 0; i < count; i++)
            {
                CountReplay(context);
                await context.CallActivityAsync<int>(Noop, i);
            }

            return count;
        })
        .AddOrchestratorFunc<int, int>(FanOut, async (context, count) =>
        {
            Interlocked.Increment(ref _bodyStarts);
            var calls = new Task<int>[count];
            for (var i = 0; i < count; i++)
            {
                CountReplay(context);
                calls[i] = context.CallActivityAsync<int>(Noop, i);
            }

            return (await Task.WhenAll(calls)).Length;
        })
        .AddOrchestratorFunc<int, int>(Ping, (_, input) => Task.FromResult(input))
        .AddActivityFunc<int, int>(Noop, (_, input) =>
        {
            Interlocked.Increment(ref _activityRuns);
            Volatile.Read(ref _activityTimestamps).Enqueue(Stopwatch.GetTimestamp());
            return input;
        });

    private static void CountReplay(TaskOrchestrationContext context)
    {
        if (context.IsReplaying)
        {
            Interlocked.Increment(ref _replayedCalls);
        }
    }
}
