using System.Text.Json;

namespace Streamer.Client;

/// <summary>The hub's <c>completed</c> message (DESIGN §4.2).</summary>
internal sealed record CompletedMessage(string RequestId, JsonElement Output, DateTimeOffset Timestamp);

/// <summary>The hub's <c>failed</c> message.</summary>
internal sealed record FailedMessage(string RequestId, FailedMessageError Error, DateTimeOffset Timestamp);

/// <summary>The error inside a <see cref="FailedMessage"/>.</summary>
internal sealed record FailedMessageError(string Code, string Message, int? RetryAfterSeconds);

/// <summary>What <c>POST /api/negotiate</c> answers.</summary>
internal sealed record NegotiateAnswer(Uri Url, string AccessToken);
