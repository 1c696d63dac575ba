namespace Streamer.Durable.Bench;

/// <summary>
/// One task hub configuration, given the way a Function App gives it: the <c>extensions.durableTask</c> section of
/// host.json (the repository's <c>Streamer.Functions/host.json</c> when <see cref="FromHostJson"/>) plus
/// <see cref="Overrides"/>, keys relative to <c>extensions:durableTask</c>. The runner's own mapping
/// (<c>TaskHubSettings.FromConfiguration</c>) turns it into DTFx's settings, so what is measured is what a host gets.
/// </summary>
internal sealed record BenchConfiguration(string Key, string Description, bool FromHostJson, IReadOnlyDictionary<string, string> Overrides)
{
    private const string ExtendedSessions = "extendedSessionsEnabled";
    private const string Polling = "storageProvider:maxQueuePollingInterval";
    private const string Partitions = "storageProvider:partitionCount";
    private const string BatchSize = "storageProvider:controlQueueBatchSize";
    private const string BufferThreshold = "storageProvider:controlQueueBufferThreshold";
    private const string Activities = "maxConcurrentActivityFunctions";
    private const string Orchestrators = "maxConcurrentOrchestratorFunctions";

    /// <summary>Also measure how long one 1-step orchestration takes after the task hub sat idle (see <c>IdleProbe</c>).</summary>
    public bool IdleProbe { get; init; }

    /// <summary>The one-factor variations start from this: shipped host.json + extended sessions + 1 s polling.</summary>
    private static readonly Dictionary<string, string> Tuned = new()
    {
        [ExtendedSessions] = "true",
        [Polling] = "00:00:01",
    };

    public static IReadOnlyList<BenchConfiguration> All { get; } =
    [
        new("defaults", "no durableTask settings: Durable Functions' defaults as our mapping gives them (20 activities, 20 orchestrations on 2 cores, 4 partitions, batch 32, buffer 128, 30 s max polling, no extended sessions)", false, new Dictionary<string, string>()) { IdleProbe = true },
        new("hostjson", "Streamer.Functions/host.json as shipped (32 activities, 16 orchestrations; the rest default)", true, new Dictionary<string, string>()) { IdleProbe = true },
        new("hostjson+ext", "host.json + extendedSessionsEnabled", true, new Dictionary<string, string> { [ExtendedSessions] = "true" }),
        new("hostjson+poll1s", "host.json + maxQueuePollingInterval 1 s", true, new Dictionary<string, string> { [Polling] = "00:00:01" }),
        new("tuned", "host.json + extendedSessionsEnabled + maxQueuePollingInterval 1 s", true, Tuned) { IdleProbe = true },
        new("tuned+p1", "tuned + partitionCount 1", true, With(Partitions, "1")),
        new("tuned+p8", "tuned + partitionCount 8", true, With(Partitions, "8")),
        new("tuned+p16", "tuned + partitionCount 16", true, With(Partitions, "16")),
        new("tuned+batch8", "tuned + controlQueueBatchSize 8", true, With(BatchSize, "8")),
        new("tuned+buffer32", "tuned + controlQueueBufferThreshold 32", true, With(BufferThreshold, "32")),
        new("tuned+buffer1000", "tuned + controlQueueBufferThreshold 1000", true, With(BufferThreshold, "1000")),
        new("tuned+a8o8", "tuned + 8 activities, 8 orchestrations at once", true, With((Activities, "8"), (Orchestrators, "8"))),
        new("tuned+a100o100", "tuned + 100 activities, 100 orchestrations at once", true, With((Activities, "100"), (Orchestrators, "100"))),
        new("tuned+a100", "tuned + 100 activities at once (16 orchestrations)", true, With(Activities, "100")),
        new("tuned+o400", "tuned + 400 orchestrations at once (DTFx lets half of them, 200, hold an extended session)", true, With(Orchestrators, "400")),
    ];

    /// <summary>The settings as configuration keys under <c>extensions:durableTask</c>, for the report.</summary>
    public string DescribeOverrides()
        => Overrides.Count == 0 ? "—" : string.Join(", ", Overrides.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));

    private static Dictionary<string, string> With(string key, string value) => With((key, value));

    private static Dictionary<string, string> With(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string>(Tuned);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }
}
