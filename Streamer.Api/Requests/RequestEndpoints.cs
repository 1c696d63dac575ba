using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Streamer.Activities.Sdk;
using Streamer.Api.Auth;
using Streamer.Api.Errors;
using Streamer.Api.Hosting;
using Streamer.Api.Requests.Contracts;

namespace Streamer.Api.Requests;

/// <summary>
/// The <c>/api/requests</c> handlers (DESIGN §4.1), for both hosts: the ASP.NET Core host maps them as routes, the
/// Functions app calls them from its HTTP triggers. Each authenticates the caller itself (<see cref="Callers"/>).
/// </summary>
internal sealed class RequestEndpoints(RequestStarter starter, RequestQueries queries, StartRateLimiter limiter, ReadRateLimiter readLimiter, IOptions<StreamerOptions> options)
{
    // The start body is a small envelope around the payload; allow for it on top of the payload limit.
    private const int EnvelopeAllowance = 4 * 1024;

    /// <summary><c>POST /api/requests</c>: 200 with the output of a fast action, 202 with the status URLs of a durable one.</summary>
    public async Task<IResult> StartAsync(HttpContext http, DurableTaskClient client)
    {
        var (owner, problem) = await Callers.IdentifyAsync(http);
        if (owner is null)
        {
            return problem!;
        }

        // Every attempt counts, malformed ones too, as it did when a middleware policy limited this route.
        if (limiter.TryAcquire(owner) is { } limited)
        {
            return Limited(http, limited);
        }

        if (StartCommandParser.CheckContentType(http.Request.Headers.ContentType) is { } badType)
        {
            return Problems.From(badType);
        }

        var maxPayload = options.Value.MaxPayloadBytes;
        var maxBody = (long)maxPayload + EnvelopeAllowance;
        if (http.Request.ContentLength > maxBody)
        {
            return Problems.PayloadTooLarge(maxBody);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBody;
        }

        // The body is read as bytes and checked as bytes (StartCommandParser), so that text that is not valid UTF-8 or
        // JSON deeper than our limit is answered by our rules rather than by an exception on the way in.
        var cancellationToken = http.RequestAborted;
        using var body = new MemoryStream();
        try
        {
            if (!await CopyAtMostAsync(http.Request.Body, body, maxBody, cancellationToken))
            {
                return Problems.PayloadTooLarge(maxBody);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.PayloadTooLarge(maxBody);
        }

        var (command, rejection) = StartCommandParser.Parse(body.GetBuffer().AsMemory(0, (int)body.Length), maxPayload);
        var outcome = command is null
            ? new StartOutcome(null, null, rejection)
            : await starter.StartAsync(client, owner, http.User, command, RequestUris.For(http.Request), cancellationToken);
        return ToResult(outcome, options.Value);
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/>; false, having stopped, when it holds more than <paramref name="limit"/> bytes.</summary>
    private static async Task<bool> CopyAtMostAsync(Stream source, MemoryStream target, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (target.Length + read > limit)
            {
                return false;
            }

            target.Write(buffer, 0, read);
        }

        return true;
    }

    public static IResult ToResult(StartOutcome outcome, StreamerOptions options)
    {
        if (outcome.Rejection is { } rejection)
        {
            return Problems.From(rejection);
        }

        if (outcome.Accepted is { } accepted)
        {
            return new AcceptedResult(accepted, options.PollInterval);
        }

        return TypedResults.Ok(outcome.Sync);
    }

    /// <summary><c>GET /api/requests/{id}</c>: 202 while the request runs, 200 once it has ended, 404 when the caller has no such request.</summary>
    public async Task<IResult> GetAsync(HttpContext http, DurableTaskClient client, string id)
    {
        var (owner, problem) = await Callers.IdentifyAsync(http);
        if (owner is null)
        {
            return problem!;
        }

        if (readLimiter.TryAcquire(owner) is { } limited)
        {
            return Limited(http, limited);
        }

        if (!RequestKeys.IsValidRequestId(id))
        {
            return InvalidId();
        }

        var status = await queries.GetAsync(client, owner, id, http.RequestAborted);
        return status is null ? UnknownRequest(id) : StatusResult(status, options.Value);
    }

    /// <summary><c>GET /api/requests?status=&amp;top=&amp;continuationToken=</c>: the caller's requests, newest first.</summary>
    public async Task<IResult> ListAsync(HttpContext http, DurableTaskClient client)
    {
        var (owner, problem) = await Callers.IdentifyAsync(http);
        if (owner is null)
        {
            return problem!;
        }

        if (readLimiter.TryAcquire(owner) is { } limited)
        {
            return Limited(http, limited);
        }

        // Read as text and parsed here, so that a bad value answers 400 naming its parameter; a repeated parameter is refused as one value.
        var query = http.Request.Query;
        var status = query.TryGetValue("status", out var statusValues) ? statusValues.ToString() : null;
        var top = query.TryGetValue("top", out var topValues) ? topValues.ToString() : null;
        var continuationToken = query.TryGetValue("continuationToken", out var tokenValues) ? tokenValues.ToString() : null;

        var pageSize = 20;
        if (top is not null && (!int.TryParse(top, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 100))
        {
            return Problems.Validation([new ValidationError("top", $"must be a whole number between 1 and 100; got '{top}'")]);
        }

        HashSet<string>? statuses = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            statuses = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in status.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Enum.TryParse<RequestRuntimeStatus>(name, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(name, out _))
                {
                    return Problems.Validation([new ValidationError("status", $"'{name}' is not a runtime status; use {string.Join(", ", Enum.GetNames<RequestRuntimeStatus>())}")]);
                }

                statuses.Add(parsed.ToString());
            }
        }

        var token = string.IsNullOrEmpty(continuationToken) ? null : ContinuationTokens.Decode(continuationToken, owner);
        if (!string.IsNullOrEmpty(continuationToken) && token is null)
        {
            return Problems.Validation([new ValidationError("continuationToken", "is not a token this API returned to the caller; pass the previous page's continuationToken unchanged, or omit it for the first page")]);
        }

        var page = await queries.ListAsync(client, owner, pageSize, token, statuses, http.RequestAborted);
        return TypedResults.Ok(page with { ContinuationToken = ContinuationTokens.Encode(page.ContinuationToken, owner) });
    }

    /// <summary><c>POST /api/requests/{id}/cancel</c>: asks a running request to stop at its next chunk boundary (202), 409 once it has ended.</summary>
    public async Task<IResult> CancelAsync(HttpContext http, DurableTaskClient client, string id)
    {
        var (owner, problem) = await Callers.IdentifyAsync(http);
        if (owner is null)
        {
            return problem!;
        }

        if (!RequestKeys.IsValidRequestId(id))
        {
            return InvalidId();
        }

        var (status, accepted) = await queries.CancelAsync(client, owner, id, http.RequestAborted);
        if (status is null)
        {
            return UnknownRequest(id);
        }

        return accepted
            ? new AcceptedResult(status, options.Value.PollInterval)
            : Problems.Conflict($"Request '{id}' has already finished ({status.RuntimeStatus}); there is nothing to cancel.");
    }

    /// <summary><c>DELETE /api/requests/{id}</c>: deletes a finished request (204), 409 while it runs.</summary>
    public async Task<IResult> PurgeAsync(HttpContext http, DurableTaskClient client, string id)
    {
        var (owner, problem) = await Callers.IdentifyAsync(http);
        if (owner is null)
        {
            return problem!;
        }

        if (!RequestKeys.IsValidRequestId(id))
        {
            return InvalidId();
        }

        var purged = await queries.PurgeAsync(client, owner, id, http.RequestAborted);
        return purged switch
        {
            null => UnknownRequest(id),
            false => Problems.Conflict($"Request '{id}' is still running; cancel it first (POST /api/requests/{id}/cancel)."),
            true => TypedResults.NoContent(),
        };
    }

    private static IResult StatusResult(RequestStatusResponse status, StreamerOptions options)
        => Enum.TryParse<RequestRuntimeStatus>(status.RuntimeStatus, out var parsed) && parsed.IsTerminal()
            ? TypedResults.Ok(status)
            : new AcceptedResult(status, options.PollInterval);

    /// <summary>429 with <c>Retry-After</c>.</summary>
    private static IResult Limited(HttpContext http, Rejection limited)
    {
        http.Response.Headers.RetryAfter = limited.RetryAfterSeconds.GetValueOrDefault(1).ToString(CultureInfo.InvariantCulture);
        return Problems.From(limited);
    }

    /// <summary>A route id no request can have: 400 naming the rule (no lookup, so it cannot reach storage as a key).</summary>
    private static IResult InvalidId() => Problems.From(Rejection.Invalid("id", RequestKeys.RequestIdRule));

    private static IResult UnknownRequest(string id) => Problems.NotFound($"No request '{id}' exists for the caller.");

    /// <summary>202 with <c>Location</c> (the status URL) and <c>Retry-After</c>.</summary>
    private sealed class AcceptedResult(object body, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var id = body switch
            {
                AcceptedResponse a => a.RequestId,
                RequestStatusResponse s => s.Id,
                _ => throw new InvalidOperationException("Unexpected 202 body."),
            };
            httpContext.Response.Headers.Location = RequestUris.For(httpContext.Request).Status(id).AbsoluteUri;
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted).ExecuteAsync(httpContext);
        }
    }
}
