using Microsoft.Net.Http.Headers;
using Streamer.Activities.Sdk;
using Streamer.Api.Errors;
using Streamer.Api.Requests;

namespace Streamer.Host.Auth;

/// <summary>
/// Refuses calls a web page of another origin can make. A page may POST a "simple" request (<c>text/plain</c>,
/// form data) to any address without a CORS preflight, and a token is worth reading even when CORS hides the answer
/// from the page, since the page may have sent it to the same host by another way (DNS rebinding). So the call must be
/// <c>application/json</c> (which a cross-origin page cannot send without a preflight this host does not grant), and a
/// browser that says where the call comes from must say it comes from this host itself.
/// </summary>
internal static class SameOriginJson
{
    /// <summary>Null when the call may be answered; else a 415 for another media type or a 403 for another origin.</summary>
    public static Rejection? Check(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contentType = request.Headers.ContentType;
        if (contentType.Count == 0)
        {
            var field = new ValidationError("Content-Type", "must be 'application/json'; got none");
            return new Rejection(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.Validation, $"{field.Field} {field.Message}", [field]);
        }

        if (StartCommandParser.CheckContentType(contentType) is { } badType)
        {
            return badType;
        }

        // Browsers send Origin on every cross-origin call and on same-origin POSTs; "null" is an opaque origin (a sandboxed
        // frame, a file: page), never this host. Sec-Fetch-Site, where sent, says the same thing in the browser's own words.
        var origin = request.Headers.Origin;
        if (origin.Count > 0 && (origin.Count > 1 || !IsThisHost(origin[0], request)))
        {
            return Forbidden($"Calls from another origin ('{origin}') are refused; open the dashboard on this host instead.");
        }

        if (request.Headers["Sec-Fetch-Site"] is [{ } site] && site is not ("same-origin" or "none"))
        {
            return Forbidden($"Calls from another site are refused (Sec-Fetch-Site: {site}); open the dashboard on this host instead.");
        }

        return null;
    }

    private static bool IsThisHost(string? origin, HttpRequest request)
        => Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.AbsolutePath == "/"
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, new Uri($"{request.Scheme}://{request.Host}").Authority, StringComparison.OrdinalIgnoreCase);

    private static Rejection Forbidden(string detail) => new(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, detail);
}
