using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Streamer.Client;

/// <summary>
/// The retries every call gets: network errors, 408, 500, 502, 503 and 504, three times with jittered exponential
/// backoff, waiting what <c>Retry-After</c> says when the API says it (a 503 during a storage outage says 5 s). A 429 is
/// not retried: the rate limit is the caller's to respect, and the exception carries its <c>Retry-After</c>.
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
            args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
    };

    /// <summary>A handler chain with the retries, for a client made without dependency injection.</summary>
    public static HttpMessageHandler CreateHandler()
        => new ResilienceHandler(new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(Options()).Build())
        {
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
}
