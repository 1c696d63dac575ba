using Microsoft.Extensions.Primitives;
using Streamer.Api.Errors;

namespace Streamer.Host.Errors;

/// <summary>
/// The app's own empty error answers (no route: 404, wrong method: 405, a body a binder refused: 415, …) get a
/// problem+json body with a <c>code</c> and a <c>traceId</c> through the status-code pages, whatever the client's
/// <c>Accept</c> header asks for. Kestrel's own rejections (a <c>%00</c> in the path, a request line or headers over
/// its limits) are answered before any middleware runs and stay empty; README's HTTP API section lists them.
/// </summary>
internal static class StatusCodeProblems
{
    /// <summary>Added to every <c>Accept</c> header, so that the problem details writer never declines a client.</summary>
    private const string ProblemJsonFallback = "application/problem+json;q=0.001";

    /// <summary>Status-code pages as problem+json; use in place of <c>UseStatusCodePages()</c>, right after the exception handler.</summary>
    public static IApplicationBuilder UseStreamerStatusCodePages(this IApplicationBuilder app)
    {
        // ASP.NET Core's problem details writer writes only when Accept allows JSON, and status-code pages then fall back
        // to text/plain ("Status Code: 404; Not Found"). This API's errors are problem+json for every client (DESIGN §4.1),
        // so every Accept header also accepts it, at the lowest quality. The endpoints answer JSON whatever Accept says,
        // so nothing else changes.
        app.Use((context, next) =>
        {
            var accept = context.Request.Headers.Accept;
            if (accept.Count > 0)
            {
                context.Request.Headers.Accept = StringValues.Concat(accept, ProblemJsonFallback);
            }

            return next(context);
        });
        return app.UseStatusCodePages();
    }
}
