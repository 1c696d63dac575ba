using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>One REST call the <see cref="FakeAzureSignalRService"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawTarget">The path and query exactly as sent (escapes kept).</param>
/// <param name="Url">The full URL the call was made to, which its token's <c>aud</c> must equal.</param>
/// <param name="Body">The JSON body, if any.</param>
/// <param name="Token">The bearer token, when it was a well-formed JWT.</param>
/// <param name="TokenError">Why the token was refused; null when it is valid for <paramref name="Url"/>.</param>
public sealed record RecordedSignalRCall(string Method, string RawTarget, string Url, JsonElement? Body, JsonWebToken? Token, string? TokenError);
