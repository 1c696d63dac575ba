using System.Text.Json;

namespace Streamer.Api.Requests.Contracts;

/// <summary>A request's state: 202 while it runs, 200 once it finished (<see cref="RuntimeStatus"/> and <see cref="Error"/> say how).</summary>
public sealed record RequestStatusResponse(
    string Id,
    string Action,
    string RuntimeStatus,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    ProgressResponse? Progress,
    JsonElement? Output,
    ErrorResponse? Error);

/// <summary>The latest progress of a request.</summary>
public sealed record ProgressResponse(double Percentage, string Message, long Sequence, DateTimeOffset UpdatedAt, string? Stage);

/// <summary>Why a request did not complete.</summary>
public sealed record ErrorResponse(string Code, string Message);
