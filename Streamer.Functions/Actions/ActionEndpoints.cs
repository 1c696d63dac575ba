using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Streamer.Activities.Sdk;
using Streamer.Functions.Actions.Contracts;
using Streamer.Functions.Auth;
using Streamer.Functions.Hosting;

namespace Streamer.Functions.Actions;

/// <summary><c>GET /api/actions</c>: the actions the caller's token allows, with an example payload each.</summary>
internal static class ActionEndpoints
{
    public static IEndpointRouteBuilder MapActionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/actions", List).RequireAuthorization();
        return app;
    }

    // Listing only what the token permits keeps clients from offering actions that would answer 403.
    private static Ok<ActionListResponse> List(ClaimsPrincipal user, ActionCatalog catalog, IOptions<StreamerOptions> options)
        => TypedResults.Ok(new ActionListResponse(ActionDescriber.Describe(catalog, options.Value.SyncThreshold, user.MayStart)));
}
