namespace Streamer.Api.Auth;

/// <summary>
/// How callers authenticate (configuration section <c>Streamer:Auth</c>; in local.settings.json
/// <c>"Streamer__Auth__SigningKey"</c> and so on). Locally, tokens are HS256-signed with
/// <see cref="SigningKey"/>; in production set <see cref="Authority"/> and tokens are checked against
/// the issuer's published keys (OpenID Connect discovery / JWKS).
/// </summary>
public sealed class StreamerAuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Streamer:Auth";

    /// <summary>A shared HS256 key of at least 32 bytes (UTF-8), for local development and tests.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The OpenID Connect authority whose keys sign production tokens; takes precedence over <see cref="SigningKey"/>.</summary>
    public string? Authority { get; set; }

    /// <summary>The expected <c>iss</c> claim.</summary>
    public string Issuer { get; set; } = "streamer-dev";

    /// <summary>The expected <c>aud</c> claim.</summary>
    public string Audience { get; set; } = "streamer";

    /// <summary>How long tokens from the dev token command and endpoint last.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How far the issuer's clock and this host's may disagree (0–5 minutes; 30 s by default): a token is accepted from
    /// <c>nbf</c> minus this until <c>exp</c> plus this, and a SignalR connection is closed at that same moment, so a
    /// connection never outlives what a new request with its token could do.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
