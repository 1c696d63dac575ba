using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Streamer.Client;

/// <summary>
/// The retries every call gets: network errors, 408, 500, 502 and 503, three times with jittered exponential backoff,
/// waiting what <c>Retry-After</c> says when the API says it (a 503 during a storage outage says 5 s). Not retried: 429
/// (the rate limit is the caller's to respect; the exception carries its <c>Retry-After</c>), 504 (a fast action that
/// overran the sync threshold ran inline, and inline runs are not deduplicated, so a retry would run it again), and
/// negotiate (a host without SignalR says so with a lasting 503; the client polls instead).
/// </summary>
internal static class StreamerRetries
{
    public static HttpRetryStrategyOptions Options() => new()
    {
        MaxRetryAttempts = 3,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(500),
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Result?.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.GatewayTimeout)
            && args.Outcome.Result?.RequestMessage?.RequestUri?.AbsolutePath.EndsWith("/api/negotiate", StringComparison.Ordinal) != true
            && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
    };

    /// <summary>A handler chain with the retries, for a client made without dependency injection.</summary>
    public static HttpMessageHandler CreateHandler()
        => new ResilienceHandler(new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(Options()).Build())
        {
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
}
