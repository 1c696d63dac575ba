using System.Text.Json;

namespace Streamer.Activities.Progress;

/// <summary>
/// Reports how far a chunk has got. Reporting never blocks on delivery: updates are coalesced and
/// sent in the background, at most one per throttle interval per request, always carrying the latest
/// state; the first report, a stage change and 100 % go out at once.
/// </summary>
public interface IProgressReporter
{
    /// <summary>Reports progress within the current chunk.</summary>
    /// <param name="percentage">How much of this chunk is done, 0–100 (clamped). The SDK turns it into the request's overall percentage.</param>
    /// <param name="message">A short human-readable message, e.g. "Wrote 400 of 1,000 rows".</param>
    /// <param name="stage">An optional stage name; a change of stage is sent at once.</param>
    /// <param name="details">Optional structured details for the client.</param>
    void Report(double percentage, string message, string? stage = null, JsonElement? details = null);
}
