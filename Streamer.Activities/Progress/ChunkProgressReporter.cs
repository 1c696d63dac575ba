using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Progress;

/// <summary>
/// Turns a chunk's own percentage into the request's: chunk <c>k</c> of <c>n</c> reporting <c>p</c> % means
/// <c>(completedBefore + p/100) / n</c> overall, where <c>completedBefore</c> is how many chunks had finished
/// when this one was scheduled (its index when chunks run one after another; a lower bound in parallel).
/// </summary>
internal sealed class ChunkProgressReporter(ProgressPublisher publisher, ActionRequest request, int completedBefore, int count) : IProgressReporter
{
    public void Report(double percentage, string message, string? stage = null, JsonElement? details = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var overall = (completedBefore + RequestProgress.Clamp(percentage) / 100) / Math.Max(count, 1) * 100;
        publisher.Publish(request, new ProgressUpdate(Math.Round(overall, 2), message, stage, details));
    }
}
