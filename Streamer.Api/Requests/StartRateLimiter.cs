using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Streamer.Activities.Sdk;
using Streamer.Api.Errors;
using Streamer.Api.Hosting;

namespace Streamer.Api.Requests;

/// <summary>
/// Each user's budget of starts (<see cref="StreamerOptions.RateLimitPermits"/> per <see cref="StreamerOptions.RateLimitWindow"/>),
/// shared by <c>POST /api/requests</c> and the hub's <c>StartRequest</c>: a limit applied to one path only would
/// make the other a way around it.
/// </summary>
internal sealed class StartRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public StartRateLimiter(IOptions<StreamerOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(owner => RateLimitPartition.GetFixedWindowLimiter(owner, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.RateLimitPermits,
            Window = settings.RateLimitWindow,
            QueueLimit = 0,
        }));
    }

    /// <summary>Takes one start from <paramref name="owner"/>'s budget; a 429 <c>RATE_LIMITED</c> rejection when it is spent.</summary>
    public Rejection? TryAcquire(RequestOwner owner)
    {
        using var lease = _limiter.AttemptAcquire(owner.Key);
        if (lease.IsAcquired)
        {
            return null;
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new Rejection(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, $"Too many requests were started; retry after {seconds} s.")
        {
            RetryAfterSeconds = seconds,
        };
    }

    public void Dispose() => _limiter.Dispose();
}
