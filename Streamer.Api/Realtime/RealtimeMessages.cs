using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streamer.Api.Realtime;

/// <summary>The <c>progress</c> message (DESIGN §4.2).</summary>
public sealed record ProgressMessage(
    string RequestId,
    long Sequence,
    double Percentage,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Details,
    DateTimeOffset Timestamp);

/// <summary>The <c>completed</c> message.</summary>
public sealed record CompletedMessage(string RequestId, JsonElement Output, DateTimeOffset Timestamp);

/// <summary>The <c>failed</c> message.</summary>
public sealed record FailedMessage(string RequestId, FailedMessageError Error, DateTimeOffset Timestamp);

/// <summary>The error inside a <see cref="FailedMessage"/>.</summary>
public sealed record FailedMessageError(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Details,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfterSeconds);

/// <summary>The client method names.</summary>
public static class RealtimeMethods
{
    /// <summary>Progress of a request.</summary>
    public const string Progress = "progress";

    /// <summary>A request completed.</summary>
    public const string Completed = "completed";

    /// <summary>A request failed or was canceled.</summary>
    public const string Failed = "failed";
}
