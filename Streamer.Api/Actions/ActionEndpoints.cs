using Microsoft.Extensions.Options;
using Streamer.Activities.Sdk;
using Streamer.Api.Actions.Contracts;
using Streamer.Api.Auth;
using Streamer.Api.Hosting;

namespace Streamer.Api.Actions;

/// <summary><c>GET /api/actions</c>: the actions the caller's token allows, with an example payload each.</summary>
internal sealed class ActionEndpoints(ActionCatalog catalog, IOptions<StreamerOptions> options)
{
    // Listing only what the token permits keeps clients from offering actions that would answer 403.
    public async Task<IResult> ListAsync(HttpContext http)
    {
        var (owner, problem) = await Callers.IdentifyAsync(http);
        return owner is null
            ? problem!
            : TypedResults.Ok(new ActionListResponse(ActionDescriber.Describe(catalog, options.Value.SyncThreshold, http.User.MayStart)));
    }
}
