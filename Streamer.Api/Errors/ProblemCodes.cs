namespace Streamer.Api.Errors;

/// <summary>The <c>code</c> values of error responses (DESIGN §4.1).</summary>
public static class ProblemCodes
{
    /// <summary>The request or its payload is invalid (400).</summary>
    public const string Validation = "VALIDATION";

    /// <summary>The resource does not exist or is not the caller's (404).</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>No valid credentials (401).</summary>
    public const string Unauthorized = "UNAUTHORIZED";

    /// <summary>Valid credentials without the needed permission (403).</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>The request conflicts with the current state (409, or 412 when purging an unfinished instance), or the instance already finished (410).</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>The body is larger than allowed (413).</summary>
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";

    /// <summary>Too many requests; retry after <c>retryAfterSeconds</c> (429).</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>A synchronous action took longer than the sync threshold (504).</summary>
    public const string Timeout = "TIMEOUT";

    /// <summary>A dependency such as storage is unavailable (503).</summary>
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";

    /// <summary>An unexpected server error (500); details are in the server log under the trace id.</summary>
    public const string Internal = "INTERNAL";

    /// <summary>The code a status implies when none is given.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => Validation,
        401 => Unauthorized,
        403 => Forbidden,
        404 or 405 => NotFound,
        409 or 410 or 412 => Conflict,
        413 => PayloadTooLarge,
        429 => RateLimited,
        408 or 504 => Timeout,
        503 => ServiceUnavailable,
        >= 400 and < 500 => Validation, // any other client error (414, 415, 431, …): the request itself is at fault
        _ => Internal,
    };
}
