using System.Collections.Concurrent;
using System.Text.Json;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;

namespace Streamer.Testing;

/// <summary>
/// What the Streamer host keeps in storage and sends over SignalR, kept in memory instead: each request's progress
/// (with sequence numbers, as the store assigns them), its cancellation flag, and every message to its owner.
/// </summary>
internal sealed class InMemoryRequestState(TimeProvider time) : IProgressStore, ICancellationStore, IOutcomeStore, IRequestNotifier
{
    private readonly ConcurrentDictionary<string, RequestProgress> _progress = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<RequestProgress>> _sent = new();
    private readonly ConcurrentDictionary<string, RequestError?> _outcomes = new();
    private readonly ConcurrentDictionary<string, bool> _canceled = new();
    private readonly ConcurrentDictionary<string, RequestError?> _recorded = new();

    public Task<RequestProgress> AdvanceAsync(ActionRequest request, ProgressUpdate update, CancellationToken cancellationToken)
        => Task.FromResult(_progress.AddOrUpdate(
            request.RequestId,
            _ => RequestProgress.None.Advance(update, time.GetUtcNow()),
            (_, current) => current.Advance(update, time.GetUtcNow())));

    public Task RecordOutcomeAsync(ActionRequest request, JsonElement? output, RequestError? error, CancellationToken cancellationToken)
    {
        _recorded[request.RequestId] = error;
        return Task.CompletedTask;
    }

    public Task<bool> IsCancellationRequestedAsync(ActionRequest request, CancellationToken cancellationToken)
        => Task.FromResult(_canceled.ContainsKey(request.RequestId));

    public Task ProgressAsync(ActionRequest request, RequestProgress progress, CancellationToken cancellationToken)
    {
        _sent.GetOrAdd(request.RequestId, _ => new()).Enqueue(progress);
        return Task.CompletedTask;
    }

    public Task CompletedAsync(ActionRequest request, JsonElement output, CancellationToken cancellationToken)
    {
        EnsureRecorded(request);
        _outcomes[request.RequestId] = null;
        return Task.CompletedTask;
    }

    public Task FailedAsync(ActionRequest request, RequestError error, CancellationToken cancellationToken)
    {
        EnsureRecorded(request);
        _outcomes[request.RequestId] = error;
        return Task.CompletedTask;
    }

    /// <summary>The host records an outcome before it announces it; a test harness that did otherwise would hide a broken order.</summary>
    private void EnsureRecorded(ActionRequest request)
    {
        if (!_recorded.ContainsKey(request.RequestId))
        {
            throw new InvalidOperationException($"Request '{request.RequestId}' was announced before its outcome was recorded.");
        }
    }

    public void Cancel(string requestId) => _canceled[requestId] = true;

    public IReadOnlyList<RequestProgress> SentProgress(string requestId)
        => _sent.TryGetValue(requestId, out var sent) ? [.. sent] : [];

    public RequestError? Error(string requestId) => _outcomes.GetValueOrDefault(requestId);
}
