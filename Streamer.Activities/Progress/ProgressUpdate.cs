using System.Text.Json;

namespace Streamer.Activities.Progress;

/// <summary>One report of a request's overall progress, before it is sequenced and stored.</summary>
/// <param name="Percentage">Overall percentage, 0–100.</param>
/// <param name="Message">A short human-readable message.</param>
/// <param name="Stage">An optional stage name.</param>
/// <param name="Details">Optional structured details.</param>
public sealed record ProgressUpdate(double Percentage, string Message, string? Stage = null, JsonElement? Details = null);
