using Streamer.Api.Errors;

namespace Streamer.Functions.Http;

/// <summary>
/// What the ASP.NET Core host's exception handler does, for HTTP triggers: an exception a handler lets through answers
/// problem+json, never the Functions host's empty 500 — the answers of <see cref="KnownExceptions"/> (503 with
/// <c>Retry-After</c> while storage is unreachable), else 500 <c>INTERNAL</c> with the trace id, its details in the log only.
/// </summary>
internal static partial class HttpTriggerErrors
{
    public static async Task<IResult> GuardAsync(HttpContext http, ILogger logger, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            if (KnownExceptions.ToProblem(http, ex, logger) is { } problem)
            {
                return problem;
            }

            LogFailed(logger, http.Request.Method, KnownExceptions.LoggedPath(http.Request), ex);
            return Problems.Create(StatusCodes.Status500InternalServerError, ProblemCodes.Internal, "An unexpected error occurred.",
                "An unexpected error occurred; the server log has the details under this trace id.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed.")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception exception);
}
