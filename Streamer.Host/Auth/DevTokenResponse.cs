using Streamer.Api.Auth;

namespace Streamer.Host.Auth;

/// <summary>A development token and when it expires.</summary>
public sealed record DevTokenResponse(string Token, DateTimeOffset ExpiresAt);
