using System.Text.Json;

namespace Streamer.Client;

/// <summary>What <c>GET /api/requests/{id}</c> answers: a request's state, its latest progress and, once it ended, its output or error.</summary>
/// <param name="Id">The request id.</param>
/// <param name="Action">The action it runs.</param>
/// <param name="RuntimeStatus"><c>Pending</c>, <c>Running</c>, <c>Suspended</c>, <c>Completed</c>, <c>Failed</c>, <c>Canceled</c> or <c>Terminated</c>.</param>
/// <param name="CreatedTime">When it was accepted.</param>
/// <param name="LastUpdatedTime">When its state last changed.</param>
/// <param name="Progress">Its latest progress, once it reported any.</param>
/// <param name="Output">Its output, once it completed.</param>
/// <param name="Error">Why it did not complete, once it failed, was canceled or terminated.</param>
public sealed record RequestStatus(
    string Id,
    string Action,
    string RuntimeStatus,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    RequestStatusProgress? Progress,
    JsonElement? Output,
    RequestError? Error)
{
    /// <summary>Whether the request has ended (completed, failed, canceled or terminated).</summary>
    public bool IsTerminal => RuntimeStatus is "Completed" or "Failed" or "Canceled" or "Terminated";
}

/// <summary>The latest progress inside a <see cref="RequestStatus"/>.</summary>
/// <param name="Percentage">0–100.</param>
/// <param name="Message">What the request is doing.</param>
/// <param name="Sequence">The sequence of this update.</param>
/// <param name="UpdatedAt">When it was reported.</param>
/// <param name="Stage">The stage, if any.</param>
public sealed record RequestStatusProgress(double Percentage, string Message, long Sequence, DateTimeOffset UpdatedAt, string? Stage);

/// <summary>Why a request did not complete.</summary>
/// <param name="Code">A code of DESIGN §4.1, or <c>CANCELED</c>.</param>
/// <param name="Message">What went wrong.</param>
public sealed record RequestError(string Code, string Message);

/// <summary>A page of the caller's requests, newest first.</summary>
/// <param name="Items">The requests.</param>
/// <param name="ContinuationToken">Pass it to get the next page; null on the last.</param>
public sealed record RequestPage(IReadOnlyList<RequestStatus> Items, string? ContinuationToken);
