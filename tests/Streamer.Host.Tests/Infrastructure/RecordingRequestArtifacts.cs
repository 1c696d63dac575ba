using System.Collections.Concurrent;
using Streamer.Activities.Sdk;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>
/// A handler author's own <see cref="IRequestArtifacts"/>, as a test sees it: it records every request it is asked to
/// delete, and fails for the request ids a test puts in <see cref="Failing"/> (storage that refuses, a bug).
/// </summary>
public sealed class RecordingRequestArtifacts : IRequestArtifacts
{
    private readonly ConcurrentQueue<ActionRequest> _deleted = new();

    /// <summary>Request ids whose delete throws.</summary>
    public ConcurrentDictionary<string, bool> Failing { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request deleted so far (or attempted, for failing ones), in order.</summary>
    public IReadOnlyList<ActionRequest> Deleted => [.. _deleted];

    /// <inheritdoc />
    public Task DeleteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _deleted.Enqueue(request);
        return Failing.ContainsKey(request.RequestId)
            ? Task.FromException(new InvalidOperationException($"The artifacts of '{request.RequestId}' cannot be deleted."))
            : Task.CompletedTask;
    }
}
