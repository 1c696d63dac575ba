using Microsoft.Extensions.Options;
using Streamer.Api.Hosting;

namespace Streamer.Api.Requests;

/// <summary>
/// Each user's budget of starts (<see cref="StreamerOptions.RateLimitPermits"/> per <see cref="StreamerOptions.RateLimitWindow"/>),
/// shared by <c>POST /api/requests</c> and the hub's <c>StartRequest</c>: a limit applied to one path only would
/// make the other a way around it.
/// </summary>
internal sealed class StartRateLimiter(IOptions<StreamerOptions> options)
    : OwnerRateLimiter(options.Value.RateLimitPermits, options.Value.RateLimitWindow, "Too many requests were started");
