namespace Streamer.Api.Requests.Contracts;

/// <summary>
/// The 202 answer to an asynchronous request: a Durable Functions-style check-status payload plus the
/// SignalR negotiate URL. The status, cancel and purge URLs are the caller's own <c>/api/requests</c>
/// routes; the send-event, suspend and resume URLs are on the management API and need its system key.
/// </summary>
public sealed record AcceptedResponse(
    string Id,
    string RequestId,
    string Action,
    string Status,
    Uri StatusQueryGetUri,
    Uri SendEventPostUri,
    Uri TerminatePostUri,
    Uri PurgeHistoryDeleteUri,
    Uri SuspendPostUri,
    Uri ResumePostUri,
    Uri NegotiateUri);
