using Streamer.Api.Realtime;

namespace Streamer.Host.Realtime;

/// <summary>Maps the in-host <see cref="StreamerHub"/>.</summary>
internal static class HubEndpoints
{
    /// <summary>
    /// Maps the hub at <see cref="RealtimePaths.Hub"/>. A connection is authenticated once, when it opens, so without
    /// <c>CloseOnAuthenticationExpiration</c> it would keep its caller's rights (to start requests, to read their state)
    /// long after the token expired. With it, the server closes the connection once its authentication expires (the token's
    /// <c>exp</c> plus the clock skew, see <c>AuthenticationSetup</c>) in a way that lets clients reconnect, which they do
    /// with a fresh token from their token provider.
    /// </summary>
    public static IEndpointRouteBuilder MapStreamerHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<StreamerHub>(RealtimePaths.Hub, connection => connection.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
