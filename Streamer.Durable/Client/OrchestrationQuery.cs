namespace Streamer.Durable;

/// <summary>A filter and page request for <see cref="DurableTaskClient.QueryInstancesAsync"/>. Results are newest first.</summary>
public sealed record OrchestrationQuery
{
    /// <summary>Only instances in one of these statuses; all when null or empty.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Only instances whose id starts with this prefix.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>The largest page to return (1–1000).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The token from the previous page, or null for the first.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Include serialized inputs and outputs.</summary>
    public bool FetchInputsAndOutputs { get; init; }

    /// <summary>True when <paramref name="instance"/> passes the filter (ignoring paging).</summary>
    public bool Matches(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return (Statuses is not { Count: > 0 } || Statuses.Contains(instance.RuntimeStatus))
            && (CreatedFrom is null || instance.CreatedAt >= CreatedFrom)
            && (CreatedTo is null || instance.CreatedAt < CreatedTo)
            && (InstanceIdPrefix is null || instance.InstanceId.StartsWith(InstanceIdPrefix, StringComparison.Ordinal));
    }
}
