using System.Net.Http.Json;
using System.Text.Json;

namespace Streamer.Client;

/// <summary>
/// The API refused a call (a problem+json answer: 400, 401, 403, 404, 409, 413, 429, 5xx), or a request ended without
/// an output (failed, canceled or terminated). <see cref="Code"/> says which, as the API does.
/// </summary>
public sealed class StreamerRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamerRequestException(string code, string message, int? status = null, string? requestId = null, IReadOnlyList<StreamerFieldError>? details = null, int? retryAfterSeconds = null, string? traceId = null)
        : base(message)
    {
        Code = code;
        Status = status;
        RequestId = requestId;
        Details = details ?? [];
        RetryAfterSeconds = retryAfterSeconds;
        TraceId = traceId;
    }

    /// <summary>Creates an exception without a code (for serializers and tests); prefer the other constructor.</summary>
    public StreamerRequestException()
        : this("INTERNAL", "The request failed.")
    {
    }

    /// <summary>Creates an exception without a code; prefer the main constructor.</summary>
    public StreamerRequestException(string message)
        : this("INTERNAL", message)
    {
    }

    /// <summary>Creates an exception without a code; prefer the main constructor.</summary>
    public StreamerRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "INTERNAL";
        Details = [];
    }

    /// <summary><c>VALIDATION</c>, <c>NOT_FOUND</c>, <c>UNAUTHORIZED</c>, <c>FORBIDDEN</c>, <c>CONFLICT</c>, <c>PAYLOAD_TOO_LARGE</c>, <c>RATE_LIMITED</c>, <c>TIMEOUT</c>, <c>SERVICE_UNAVAILABLE</c>, <c>INTERNAL</c> or <c>CANCELED</c>.</summary>
    public string Code { get; }

    /// <summary>The HTTP status of the refusal; null when a request ended badly (its status read answered 200).</summary>
    public int? Status { get; }

    /// <summary>The request, when one was started.</summary>
    public string? RequestId { get; }

    /// <summary>Which fields broke which rule (validation errors), else empty.</summary>
    public IReadOnlyList<StreamerFieldError> Details { get; }

    /// <summary>How long to wait before trying again (429, 503), when the API said.</summary>
    public int? RetryAfterSeconds { get; }

    /// <summary>The trace id of the refusal, to find it in the server's logs.</summary>
    public string? TraceId { get; }

    internal static async Task<StreamerRequestException> FromResponseAsync(HttpResponseMessage response, string? requestId, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)Math.Ceiling(delta.TotalSeconds) : (int?)null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<Problem>(StreamerJson.Options, cancellationToken);
            if (problem is not null)
            {
                return new StreamerRequestException(
                    problem.Code ?? CodeFor(status), problem.Detail ?? problem.Title ?? response.ReasonPhrase ?? "The request was refused.", status, requestId,
                    problem.Errors, problem.RetryAfterSeconds ?? retryAfter, problem.TraceId);
            }
        }
        catch (JsonException)
        {
            // Not problem+json (a proxy's page, say): the status alone says what happened.
        }

        return new StreamerRequestException(CodeFor(status), $"The API answered {status} {response.ReasonPhrase}.", status, requestId, retryAfterSeconds: retryAfter);
    }

    private static string CodeFor(int status) => status switch
    {
        400 => "VALIDATION",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        409 => "CONFLICT",
        413 => "PAYLOAD_TOO_LARGE",
        429 => "RATE_LIMITED",
        503 => "SERVICE_UNAVAILABLE",
        504 => "TIMEOUT",
        _ => "INTERNAL",
    };

    private sealed record Problem(string? Title, string? Detail, string? Code, string? TraceId, int? RetryAfterSeconds, IReadOnlyList<StreamerFieldError>? Errors);
}

/// <summary>A field of the request that broke a rule.</summary>
/// <param name="Field">The field, e.g. <c>payload.date_range</c>.</param>
/// <param name="Message">The rule it broke.</param>
public sealed record StreamerFieldError(string Field, string Message);
