namespace Streamer.Durable;

/// <summary>Which finished instances to purge. Only terminal instances are ever purged.</summary>
/// <param name="CreatedFrom">Created at or after this time.</param>
/// <param name="CreatedTo">Created before this time.</param>
/// <param name="Statuses">Only these terminal statuses; all terminal statuses when null.</param>
public sealed record PurgeInstancesFilter(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null);
