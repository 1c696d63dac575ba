using System.Collections.Concurrent;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>The runs of <see cref="GatedTestAction"/>, by request id (tests use unique ids).</summary>
public static class GatedTestRegistry
{
    private static readonly ConcurrentDictionary<string, GatedTestRun> Runs = new(StringComparer.Ordinal);

    /// <summary>The run of request <paramref name="requestId"/>, created on first use by either the test or the action.</summary>
    public static GatedTestRun For(string requestId) => Runs.GetOrAdd(requestId, _ => new GatedTestRun());
}
