namespace Streamer.Api.Requests.Contracts;

/// <summary>One page of the caller's requests, newest first; pass <see cref="ContinuationToken"/> back for the next.</summary>
public sealed record RequestListResponse(IReadOnlyList<RequestStatusResponse> Items, string? ContinuationToken);
