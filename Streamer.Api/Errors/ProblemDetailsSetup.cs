using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Streamer.Api.Errors;

/// <summary>Every error is <c>application/problem+json</c> with a <c>code</c> and a <c>traceId</c>; no stack trace leaves the host.</summary>
internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddStreamerProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", ProblemCodes.ForStatus(status));
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;

            // Never echo exception details, whatever the environment.
            context.ProblemDetails.Extensions.Remove("exception");
            if (status >= 500 && context.Exception is not null)
            {
                context.ProblemDetails.Detail = "An unexpected error occurred; the server log has the details under this trace id.";
            }
        });
        services.AddExceptionHandler<KnownExceptionHandler>();
        return services;
    }

    /// <summary>Answers the exceptions of <see cref="KnownExceptions"/> with their problem instead of 500.</summary>
    private sealed class KnownExceptionHandler(ILogger<KnownExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (KnownExceptions.ToProblem(httpContext, exception, logger) is not { } problem)
            {
                return false;
            }

            await problem.ExecuteAsync(httpContext);
            return true;
        }
    }
}
