using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streamer.Api.Auth;

/// <summary>Mints HS256 tokens with the local signing key, for development and tests only.</summary>
public sealed class DevTokenIssuer(IOptions<StreamerAuthOptions> options, TimeProvider time)
{
    /// <summary>A token for <paramref name="userId"/> in <paramref name="tenantId"/> with the given permissions (all actions by default).</summary>
    /// <exception cref="InvalidOperationException">No signing key is configured.</exception>
    public string Issue(string tenantId, string userId, IEnumerable<string>? permissions = null, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [StreamerClaims.Subject] = userId,
            [StreamerClaims.Tenant] = tenantId,
            [StreamerClaims.Permission] = (permissions ?? [StreamerClaims.AllActions]).ToArray(),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? settings.DevTokenLifetime),
            SigningCredentials = new SigningCredentials(SigningKey(settings), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    internal static SymmetricSecurityKey SigningKey(StreamerAuthOptions settings)
    {
        if (string.IsNullOrEmpty(settings.SigningKey) || Encoding.UTF8.GetByteCount(settings.SigningKey) < 32)
        {
            throw new InvalidOperationException(
                $"'{StreamerAuthOptions.Section}:SigningKey' must be set to at least 32 bytes (local.settings.json: \"Streamer__Auth__SigningKey\").");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey));
    }
}
