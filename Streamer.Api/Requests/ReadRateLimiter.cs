using Microsoft.Extensions.Options;
using Streamer.Api.Hosting;

namespace Streamer.Api.Requests;

/// <summary>
/// Each user's budget of reads (<see cref="StreamerOptions.ReadRateLimitPermits"/> per <see cref="StreamerOptions.ReadRateLimitWindow"/>),
/// shared by status reads, lists and the hub's <c>Subscribe</c>. It is separate from the start budget, so that polling
/// never stops a user from starting work, and every read costs storage calls, so one user cannot spend them for everyone.
/// </summary>
internal sealed class ReadRateLimiter(IOptions<StreamerOptions> options)
    : OwnerRateLimiter(options.Value.ReadRateLimitPermits, options.Value.ReadRateLimitWindow, "Too many status reads");
