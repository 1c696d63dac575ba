using System.Globalization;
using System.Net.Sockets;
using Azure;
using Microsoft.AspNetCore.Diagnostics;

namespace Streamer.Api.Errors;

/// <summary>
/// Answers <c>503 SERVICE_UNAVAILABLE</c> with <c>Retry-After</c>, instead of 500, when a request failed because storage
/// could not be reached or did not answer: Azure <see cref="RequestFailedException"/> without a status (no answer at all:
/// connection refused or reset) or with 408/5xx, connection and socket errors, timeouts (the storage clients' network timeout surfaces as a cancellation
/// the caller did not ask for), and the Durable Task Framework's storage exceptions that wrap them. The storage calls on
/// the request path are bounded (<c>RequestPathStorageOptions</c>), so the answer comes within seconds.
/// </summary>
internal sealed partial class StorageUnavailableExceptionHandler(ILogger<StorageUnavailableExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The <c>Retry-After</c> a client gets: about how long a storage blip or a host's reconnect takes.</summary>
    public const int RetryAfterSeconds = 5;

    private const string DurableTaskStorageException = "DurableTask.AzureStorage.Storage.DurableTaskStorageException";
    private const string GrpcRpcException = "Grpc.Core.RpcException";
    private const int MaxDepth = 8;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested || !IsStorageUnavailable(exception, 0))
        {
            return false;
        }

        LogUnavailable(httpContext.Request.Method, httpContext.Request.Path, exception);
        await Problem().ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The answer: 503 <c>SERVICE_UNAVAILABLE</c> with <c>Retry-After</c> (the Functions app's error middleware answers with it too).</summary>
    public static IResult Problem() => new WithRetryAfter(
        Problems.Create(
            StatusCodes.Status503ServiceUnavailable, ProblemCodes.ServiceUnavailable, "Storage is unavailable.",
            $"The service cannot reach its storage right now; retry after {RetryAfterSeconds} s.",
            new Dictionary<string, object?> { ["retryAfterSeconds"] = RetryAfterSeconds }),
        RetryAfterSeconds);

    /// <summary>Whether <paramref name="exception"/>, or an exception it wraps, says storage is unreachable or not answering.</summary>
    internal static bool IsStorageUnavailable(Exception? exception, int depth)
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
    private partial void LogUnavailable(string method, string path, Exception exception);

    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
