using System.Threading.RateLimiting;
using Streamer.Activities.Sdk;
using Streamer.Api.Errors;

namespace Streamer.Api.Requests;

/// <summary>A budget of calls per request owner (a fixed window per user), answered with 429 <c>RATE_LIMITED</c> and <c>Retry-After</c> when spent.</summary>
internal abstract class OwnerRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly string _what;

    /// <param name="permits">Calls allowed per owner per <paramref name="window"/>.</param>
    /// <param name="window">The window.</param>
    /// <param name="what">What was done too often, for the message ("Too many requests were started").</param>
    protected OwnerRateLimiter(int permits, TimeSpan window, string what)
    {
        _what = what;
        _limiter = PartitionedRateLimiter.Create<string, string>(owner => RateLimitPartition.GetFixedWindowLimiter(owner, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        }));
    }

    /// <summary>Takes one call from <paramref name="owner"/>'s budget; a 429 <c>RATE_LIMITED</c> rejection when it is spent.</summary>
    public Rejection? TryAcquire(RequestOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        using var lease = _limiter.AttemptAcquire(owner.Key);
        if (lease.IsAcquired)
        {
            return null;
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new Rejection(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, $"{_what}; retry after {seconds} s.")
        {
            RetryAfterSeconds = seconds,
        };
    }

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
