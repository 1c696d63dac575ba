using System.Globalization;
using System.Net.Sockets;
using Azure;

namespace Streamer.Api.Errors;

/// <summary>
/// The exceptions a handler may let through that are not bugs, and their answers, for both hosts (the ASP.NET Core host's
/// exception handler and the Functions app's HTTP triggers): a body Kestrel could not read answers its own 4xx, and
/// storage that could not be reached or did not answer answers <c>503 SERVICE_UNAVAILABLE</c> with <c>Retry-After</c>,
/// instead of 500. Storage is judged unavailable on Azure <see cref="RequestFailedException"/> without a status (no answer
/// at all: connection refused or reset) or with 408/5xx, connection and socket errors, timeouts (the storage clients'
/// network timeout surfaces as a cancellation the caller did not ask for), and the Durable Task Framework's storage
/// exceptions that wrap them. The storage calls on the request path are bounded (<c>RequestPathStorageOptions</c>), so
/// the answer comes within seconds.
/// </summary>
internal static partial class KnownExceptions
{
    /// <summary>The <c>Retry-After</c> a client gets: about how long a storage blip or a host's reconnect takes.</summary>
    public const int RetryAfterSeconds = 5;

    private const string DurableTaskStorageException = "DurableTask.AzureStorage.Storage.DurableTaskStorageException";
    private const string GrpcRpcException = "Grpc.Core.RpcException";
    private const int MaxDepth = 8;

    /// <summary>The answer to <paramref name="exception"/>, or null when it is not one of these (a bug: the host answers 500).</summary>
    public static IResult? ToProblem(HttpContext http, Exception exception, ILogger logger)
    {
        if (exception is BadHttpRequestException bad)
        {
            return Problems.Create(bad.StatusCode, ProblemCodes.ForStatus(bad.StatusCode), "The request could not be read.", bad.Message);
        }

        // A caller that went away is answered nothing (its cancellation looks like a storage timeout).
        if (http.RequestAborted.IsCancellationRequested || !IsStorageUnavailable(exception, 0))
        {
            return null;
        }

        LogUnavailable(logger, http.Request.Method, LoggedPath(http.Request), exception);
        return new WithRetryAfter(
            Problems.Create(
                StatusCodes.Status503ServiceUnavailable, ProblemCodes.ServiceUnavailable, "Storage is unavailable.",
                $"The service cannot reach its storage right now; retry after {RetryAfterSeconds} s.",
                new Dictionary<string, object?> { ["retryAfterSeconds"] = RetryAfterSeconds }),
            RetryAfterSeconds);
    }

    /// <summary>
    /// The request's path as logs show it: escaped as in a URL, so that a decoded <c>%0A</c> or other control character a
    /// client sent cannot start a forged log line.
    /// </summary>
    public static string LoggedPath(HttpRequest request) => (request.PathBase + request.Path).ToUriComponent();

    /// <summary>Whether <paramref name="exception"/>, or an exception it wraps, says storage is unreachable or not answering.</summary>
    private static bool IsStorageUnavailable(Exception? exception, int depth)
    {
        if (exception is null || depth > MaxDepth)
        {
            return false;
        }

        var unavailable = exception switch
        {
            // TableNotFound: the request table is created in the background at startup; until then storage is not ready for this host.
            RequestFailedException failed => failed.Status is 0 or 408 or >= 500 || failed.ErrorCode == "TableNotFound",
            HttpRequestException or SocketException or TimeoutException => true,

            // The storage clients' network timeout; the caller's own cancellation is excluded before we get here.
            OperationCanceledException => true,

            // Otherwise DTFx's exception is judged by the storage exception it wraps.
            _ when exception.GetType().FullName == DurableTaskStorageException => DurableStatus(exception) is 408 or >= 500,

            // On the Functions host the client talks to the host over gRPC, which says Unavailable when the host cannot serve the call.
            _ when exception.GetType().FullName == GrpcRpcException => exception.GetType().GetProperty("StatusCode")?.GetValue(exception)?.ToString() is "Unavailable" or "DeadlineExceeded",
            _ => false,
        };
        if (unavailable)
        {
            return true;
        }

        return exception is AggregateException aggregate
            ? aggregate.InnerExceptions.Any(inner => IsStorageUnavailable(inner, depth + 1))
            : IsStorageUnavailable(exception.InnerException, depth + 1);
    }

    /// <summary>DTFx's (internal) storage exception carries the status of the storage call it wraps.</summary>
    private static int DurableStatus(Exception exception)
        => exception.GetType().GetProperty("HttpStatusCode")?.GetValue(exception) is int status ? status : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: storage is unavailable.")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, Exception exception);

    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
