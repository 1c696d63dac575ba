using System.Text.Json;

namespace Streamer.Client;

/// <summary>A progress update of a request: from a SignalR <c>progress</c> message or, while the hub is unreachable, a status poll.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Sequence">Increases with every update of the request; the client hands on each sequence at most once, in order.</param>
/// <param name="Percentage">0–100; never lower than an update handed on before.</param>
/// <param name="Message">What the request is doing.</param>
/// <param name="Stage">The stage the handler named, if any.</param>
/// <param name="Details">Handler-specific details, if any.</param>
/// <param name="Timestamp">When the request reported it.</param>
public sealed record RequestProgress(string RequestId, long Sequence, double Percentage, string Message, string? Stage, JsonElement? Details, DateTimeOffset Timestamp);
