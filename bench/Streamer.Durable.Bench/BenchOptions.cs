using System.Globalization;

namespace Streamer.Durable.Bench;

/// <summary>The command line: <c>[--smoke] [--runs N] [--configs k1,k2] [--scenarios chain,fanout,chains] [--no-idle] [--list]</c>.</summary>
internal sealed record BenchOptions(bool Smoke, int Runs, IReadOnlyList<BenchConfiguration> Configurations, IReadOnlyList<ScenarioDefinition> Scenarios, bool Idle, bool List)
{
    public const int SmokeDivisor = 10;

    public static TimeSpan RawWarmUp => TimeSpan.FromSeconds(0.5);

    public TimeSpan RawWindow => TimeSpan.FromSeconds(Smoke ? 1 : 3);

    /// <summary>Long enough for DTFx's idle-queue backoff (50 ms doubling, capped at maxQueuePollingInterval) to pass 25 s.</summary>
    public TimeSpan IdleTime => TimeSpan.FromSeconds(Smoke ? 5 : 30);

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var smoke = args.Contains("--smoke");
        var runs = Value("--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 1;
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1, "--runs");
        var configurations = Pick(BenchConfiguration.All, Value("--configs"), c => c.Key, "--configs");
        var scenarios = Pick(ScenarioDefinition.All, Value("--scenarios"), s => s.Key, "--scenarios");
        if (smoke)
        {
            scenarios = [.. scenarios.Select(s => s.Scaled(SmokeDivisor))];
        }

        return new BenchOptions(smoke, runs, configurations, scenarios, !args.Contains("--no-idle"), args.Contains("--list"));
    }

    private static IReadOnlyList<T> Pick<T>(IReadOnlyList<T> all, string? keys, Func<T, string> key, string option)
    {
        if (keys is null)
        {
            return all;
        }

        var wanted = keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = wanted.Where(w => all.All(a => key(a) != w)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"{option}: unknown {string.Join(", ", unknown)}; known: {string.Join(", ", all.Select(key))}.");
        }

        return [.. all.Where(a => wanted.Contains(key(a)))];
    }
}
