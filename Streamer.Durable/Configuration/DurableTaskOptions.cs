namespace Streamer.Durable.Configuration;

/// <summary>
/// The <c>extensions.durableTask</c> section of <c>host.json</c>, with Durable Functions' names and defaults, so one
/// host.json configures a Function App and the in-process runner alike. Properties bind case-insensitively from
/// configuration (<c>extensions:durableTask</c>).
/// </summary>
public sealed class DurableTaskOptions
{
    /// <summary>The configuration section this binds from.</summary>
    public const string Section = "extensions:durableTask";

    /// <summary>
    /// The task hub: 3–45 letters and digits, starting with a letter. Prefixes its tables, queues and containers; a
    /// Function App with the same hub name and storage account sees the same instances.
    /// </summary>
    public string HubName { get; set; } = "TestHubName";

    /// <summary>Activities one host runs at once (Durable's default: 10 × processor count).</summary>
    public int MaxConcurrentActivityFunctions { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Orchestrator episodes one host runs at once (Durable's default: 10 × processor count).</summary>
    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Keeps an orchestration in memory between episodes, so a new event is applied without replaying its history.</summary>
    public bool ExtendedSessionsEnabled { get; set; }

    /// <summary>How long an idle extended session stays in memory.</summary>
    public int ExtendedSessionIdleTimeoutInSeconds { get; set; } = 30;

    /// <summary>The Azure Storage provider's settings (<c>storageProvider</c>).</summary>
    public AzureStorageProviderOptions StorageProvider { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(HubName[0]) || !HubName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"extensions.durableTask.hubName must be 3–45 letters and digits starting with a letter; got '{HubName}'.", "extensions.durableTask.hubName");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivityFunctions, 1, "extensions.durableTask.maxConcurrentActivityFunctions");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentOrchestratorFunctions, 1, "extensions.durableTask.maxConcurrentOrchestratorFunctions");
        ArgumentOutOfRangeException.ThrowIfLessThan(ExtendedSessionIdleTimeoutInSeconds, 1, "extensions.durableTask.extendedSessionIdleTimeoutInSeconds");
        StorageProvider.Validate();
    }
}
