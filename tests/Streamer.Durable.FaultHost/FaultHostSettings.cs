using System.Globalization;
using Microsoft.Extensions.Configuration;
using Streamer.Durable.AzureStorage;

namespace Streamer.Durable.FaultHost;

/// <summary>
/// What a fault host is told on its command line (<c>--FaultHost:HostId A</c>) or in environment
/// variables (<c>FaultHost__HostId=A</c>).
/// </summary>
public sealed class FaultHostSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FaultHost";

    public required string ConnectionString { get; init; }

    public required string TaskHubName { get; init; }

    /// <summary>Names this host in its episode log and in partition leases.</summary>
    public required string HostId { get; init; }

    /// <summary>The file this host appends its episode log to.</summary>
    public required string EpisodeLogPath { get; init; }

    public int PartitionCount { get; init; } = 4;

    /// <summary>Short, so that a killed host's partitions move quickly.</summary>
    public TimeSpan PartitionLeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan PartitionLeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a received message stays hidden. Messages a killed host had received come back only
    /// after this, so it bounds recovery time together with the lease duration.
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long each activity works (a cancellable delay), so that a run lasts long enough to be interrupted.</summary>
    public TimeSpan ActivityDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads the settings; throws naming the first missing or invalid one.</summary>
    public static FaultHostSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        string Required(string key) => section[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The fault host needs '--{Section}:{key} <value>' (or the environment variable {Section}__{key}).");
        TimeSpan Duration(string key, TimeSpan fallback) => section[key] is { } value ? TimeSpan.Parse(value, CultureInfo.InvariantCulture) : fallback;

        var defaults = new FaultHostSettings { ConnectionString = string.Empty, TaskHubName = string.Empty, HostId = string.Empty, EpisodeLogPath = string.Empty };
        return new FaultHostSettings
        {
            ConnectionString = Required(nameof(ConnectionString)),
            TaskHubName = Required(nameof(TaskHubName)),
            HostId = Required(nameof(HostId)),
            EpisodeLogPath = Required(nameof(EpisodeLogPath)),
            PartitionCount = section[nameof(PartitionCount)] is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : defaults.PartitionCount,
            PartitionLeaseDuration = Duration(nameof(PartitionLeaseDuration), defaults.PartitionLeaseDuration),
            PartitionLeaseRenewInterval = Duration(nameof(PartitionLeaseRenewInterval), defaults.PartitionLeaseRenewInterval),
            MaxQueuePollingInterval = Duration(nameof(MaxQueuePollingInterval), defaults.MaxQueuePollingInterval),
            MessageVisibilityTimeout = Duration(nameof(MessageVisibilityTimeout), defaults.MessageVisibilityTimeout),
            ActivityDuration = Duration(nameof(ActivityDuration), defaults.ActivityDuration),
        };
    }

    /// <summary>The settings as command-line arguments for a host process.</summary>
    public IEnumerable<string> ToArguments()
    {
        IEnumerable<(string Key, string Value)> pairs =
        [
            (nameof(ConnectionString), ConnectionString),
            (nameof(TaskHubName), TaskHubName),
            (nameof(HostId), HostId),
            (nameof(EpisodeLogPath), EpisodeLogPath),
            (nameof(PartitionCount), PartitionCount.ToString(CultureInfo.InvariantCulture)),
            (nameof(PartitionLeaseDuration), PartitionLeaseDuration.ToString("c", CultureInfo.InvariantCulture)),
            (nameof(PartitionLeaseRenewInterval), PartitionLeaseRenewInterval.ToString("c", CultureInfo.InvariantCulture)),
            (nameof(MaxQueuePollingInterval), MaxQueuePollingInterval.ToString("c", CultureInfo.InvariantCulture)),
            (nameof(MessageVisibilityTimeout), MessageVisibilityTimeout.ToString("c", CultureInfo.InvariantCulture)),
            (nameof(ActivityDuration), ActivityDuration.ToString("c", CultureInfo.InvariantCulture)),
        ];
        foreach (var (key, value) in pairs)
        {
            yield return $"--{Section}:{key}";
            yield return value;
        }
    }

    /// <summary>The backend options a user would write, with this host's id as the worker id.</summary>
    public AzureStorageBackendOptions ToBackendOptions() => new()
    {
        ConnectionString = ConnectionString,
        TaskHubName = TaskHubName,
        PartitionCount = PartitionCount,
        PartitionLeaseDuration = PartitionLeaseDuration,
        PartitionLeaseRenewInterval = PartitionLeaseRenewInterval,
        MaxQueuePollingInterval = MaxQueuePollingInterval,
        MessageVisibilityTimeout = MessageVisibilityTimeout,
        WorkerId = $"{HostId}-{Environment.ProcessId}",
    };
}
