using System.Text.Json;

namespace Streamer.Activities.Progress;

/// <summary>Why a request did not complete, as clients see it.</summary>
/// <param name="Code">A stable code: <c>VALIDATION</c>, <c>CANCELED</c>, <c>INTERNAL</c>, …</param>
/// <param name="Message">What went wrong, without stack traces.</param>
/// <param name="Details">Optional structured details.</param>
public sealed record RequestError(string Code, string Message, JsonElement? Details = null)
{
    /// <summary>The code of a request its owner canceled.</summary>
    public const string CanceledCode = "CANCELED";

    /// <summary>The error of a request its owner canceled.</summary>
    public static RequestError Canceled { get; } = new(CanceledCode, "The request was canceled.");
}
