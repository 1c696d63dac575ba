using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Streamer.Api.Auth;
using Streamer.Api.Errors;
using Streamer.Api.Hosting;
using Streamer.Api.Realtime;
using Streamer.Api.Requests;

namespace Streamer.Host.Realtime;

/// <summary>
/// The <c>streamer</c> hub. The server calls <c>progress</c>, <c>completed</c> and <c>failed</c> on the
/// owner's connections; clients may start requests over the same socket and fetch a request's current state.
/// </summary>
[Authorize]
internal sealed class StreamerHub(
    RequestStarter starter, RequestQueries queries, DurableTaskClient client, StartRateLimiter limiter, ReadRateLimiter readLimiter, IOptions<StreamerOptions> options) : Hub
{
    /// <summary>
    /// Starts a request exactly as <c>POST /api/requests</c> does, with the same body, within the same per-user
    /// rate limit, and answers with the same status and body (a problem object on rejection).
    /// </summary>
    public async Task<HubAnswer> StartRequest(JsonElement body)
    {
        var owner = Context.User?.GetOwner() ?? throw new HubException(StreamerClaims.OwnerRule);
        var http = Context.GetHttpContext() ?? throw new HubException("The connection has no HTTP context.");
        if (limiter.TryAcquire(owner) is { } limited)
        {
            return Reject(limited);
        }

        var (command, rejection) = StartCommandParser.Parse(body, options.Value.MaxPayloadBytes);
        var outcome = command is null
            ? new StartOutcome(null, null, rejection)
            : await starter.StartAsync(client, owner, Context.User!, command, RequestUris.For(http.Request), Context.ConnectionAborted);
        return outcome.Rejection is { } r
            ? Reject(r)
            : new HubAnswer(outcome.Status, (object?)outcome.Accepted ?? outcome.Sync!);
    }

    /// <summary>
    /// The current state of one of the caller's requests, to catch up after (re)connecting; progress
    /// messages already reach every connection of the owner. Another user's request is reported as unknown. Counts
    /// against the caller's read limit, like a status read.
    /// </summary>
    public async Task<object> Subscribe(string requestId)
    {
        var owner = Context.User?.GetOwner() ?? throw new HubException(StreamerClaims.OwnerRule);
        if (readLimiter.TryAcquire(owner) is { } limited)
        {
            throw new HubException($"{limited.Code}: {limited.Detail}");
        }

        var status = RequestKeys.IsValidRequestId(requestId) ? await queries.GetAsync(client, owner, requestId, Context.ConnectionAborted) : null;
        return status ?? throw new HubException($"{ProblemCodes.NotFound}: no request '{requestId}' exists for the caller.");
    }

    private static HubAnswer Reject(Rejection rejection) => new(
        rejection.Status,
        new HubProblem(
            ReasonPhrases.GetReasonPhrase(rejection.Status), rejection.Status, rejection.Detail, rejection.Code,
            rejection.Errors?.Select(e => new HubProblemField(e.Field, e.Message)).ToArray(), rejection.RetryAfterSeconds));
}

/// <summary>What <see cref="StreamerHub.StartRequest"/> answers: the HTTP status the starter would use, and its body.</summary>
public sealed record HubAnswer(int Status, object Body);

/// <summary>A problem body sent over the hub.</summary>
public sealed record HubProblem(
    string Title,
    int Status,
    string Detail,
    string Code,
    IReadOnlyList<HubProblemField>? Errors,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? RetryAfterSeconds = null);

/// <summary>One invalid field in a <see cref="HubProblem"/>.</summary>
public sealed record HubProblemField(string Field, string Message);
