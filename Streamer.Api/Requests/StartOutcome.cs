using Streamer.Api.Requests.Contracts;

namespace Streamer.Api.Requests;

/// <summary>What starting a request produced: a sync result, an accepted async request, or a rejection.</summary>
public sealed record StartOutcome(SyncResponse? Sync, AcceptedResponse? Accepted, Rejection? Rejection)
{
    /// <summary>The HTTP status the starter answers with.</summary>
    public int Status => Rejection?.Status ?? (Accepted is not null ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
}
