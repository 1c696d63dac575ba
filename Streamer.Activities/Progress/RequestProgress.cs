using System.Text.Json;

namespace Streamer.Activities.Progress;

/// <summary>
/// A request's latest progress as stored and sent to clients. <see cref="Sequence"/> increases with every
/// update of the request, across hosts, so clients can drop stale or duplicate messages;
/// <see cref="Percentage"/> never goes backwards.
/// </summary>
public sealed record RequestProgress(long Sequence, double Percentage, string Message, string? Stage, JsonElement? Details, DateTimeOffset UpdatedAt)
{
    /// <summary>Merges <paramref name="update"/> into this state: the next sequence, the higher percentage (clamped to 0–100), the new message.</summary>
    public RequestProgress Advance(ProgressUpdate update, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(update);
        return new RequestProgress(
            Sequence + 1,
            Math.Max(Percentage, Clamp(update.Percentage)),
            update.Message,
            update.Stage ?? Stage,
            update.Details,
            now);
    }

    /// <summary>The state before the first update.</summary>
    public static RequestProgress None { get; } = new(0, 0, string.Empty, null, null, DateTimeOffset.MinValue);

    /// <summary>Clamps to 0–100, treating NaN as 0.</summary>
    public static double Clamp(double percentage) => double.IsNaN(percentage) ? 0 : Math.Clamp(percentage, 0, 100);
}
