using System.Text.Json;
using System.Threading.Channels;

namespace Streamer.Client;

/// <summary>
/// What the client knows of one request, fed by hub messages and status polls alike: updates are handed on once each,
/// in sequence order, with a percentage that never goes backwards; the first outcome wins and ends the updates.
/// </summary>
internal sealed class RequestWatch(string requestId)
{
    // Nobody may be reading: keep the latest updates only, so an unread request cannot grow without bound.
    private readonly Channel<RequestProgress> _updates = Channel.CreateBounded<RequestProgress>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = false });
    private readonly TaskCompletionSource<JsonElement> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private long _sequence = long.MinValue;
    private double _percentage;

    public string RequestId { get; } = requestId;

    public Task<JsonElement> Outcome => _outcome.Task;

    public ChannelReader<RequestProgress> Updates => _updates.Reader;

    public void Report(RequestProgress update)
    {
        lock (_gate)
        {
            // Hub messages and polls overlap, and a reconnect replays the latest state: older or equal sequences are stale.
            if (update.Sequence <= _sequence || _outcome.Task.IsCompleted)
            {
                return;
            }

            _sequence = update.Sequence;
            _percentage = Math.Max(_percentage, Math.Clamp(update.Percentage, 0, 100));
            _updates.Writer.TryWrite(update with { Percentage = _percentage });
        }
    }

    public void Complete(JsonElement output)
    {
        if (_outcome.TrySetResult(output.Clone()))
        {
            _updates.Writer.TryComplete();
        }
    }

    public void Fail(Exception exception)
    {
        if (_outcome.TrySetException(exception))
        {
            _updates.Writer.TryComplete();
        }
    }

    /// <summary>Takes in a status read (a poll, or the hub's <c>Subscribe</c> answer).</summary>
    public void Apply(RequestStatus status)
    {
        if (status.Progress is { } progress)
        {
            Report(new RequestProgress(RequestId, progress.Sequence, progress.Percentage, progress.Message, progress.Stage, null, progress.UpdatedAt));
        }

        if (!status.IsTerminal)
        {
            return;
        }

        if (status.RuntimeStatus == "Completed")
        {
            Complete(status.Output ?? default);
        }
        else
        {
            var error = status.Error ?? new RequestError(status.RuntimeStatus == "Canceled" ? "CANCELED" : "INTERNAL", $"The request ended {status.RuntimeStatus}.");
            Fail(new StreamerRequestException(error.Code, error.Message, requestId: RequestId));
        }
    }
}
