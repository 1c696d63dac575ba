using System.Text.Json;
using System.Threading.Channels;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tests.Progress;

/// <summary>An in-memory progress store and notifier for unit tests of the publisher's throttling logic.</summary>
internal sealed class RecordingProgressSink : IProgressStore, IRequestNotifier
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RequestProgress> _stored = new(StringComparer.Ordinal);
    private readonly Channel<RequestProgress> _sent = Channel.CreateUnbounded<RequestProgress>();

    /// <summary>When set, each store write waits for it: simulates slow storage.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when a store write starts.</summary>
    public TaskCompletionSource AdvanceEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<RequestProgress> Sent { get; } = [];

    public async Task<RequestProgress> AdvanceAsync(ActionRequest request, ProgressUpdate update, CancellationToken cancellationToken)
    {
        AdvanceEntered.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        lock (_gate)
        {
            var next = _stored.GetValueOrDefault(request.RequestId, RequestProgress.None).Advance(update, DateTimeOffset.UnixEpoch);
            _stored[request.RequestId] = next;
            return next;
        }
    }

    public Task ProgressAsync(ActionRequest request, RequestProgress progress, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Sent.Add(progress);
        }

        _sent.Writer.TryWrite(progress);
        return Task.CompletedTask;
    }

    public Task CompletedAsync(ActionRequest request, JsonElement output, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task FailedAsync(ActionRequest request, RequestError error, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The next message sent, or a timeout failure.</summary>
    public async Task<RequestProgress> NextSentAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _sent.Reader.ReadAsync(deadline.Token);
    }

    public bool TryTakeSent(out RequestProgress? progress) => _sent.Reader.TryRead(out progress);
}
