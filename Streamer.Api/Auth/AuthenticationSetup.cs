using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Streamer.Api.Errors;
using Streamer.Api.Realtime;

namespace Streamer.Api.Auth;

/// <summary>JWT bearer authentication for the API and the SignalR hub, with problem+json answers for 401 and 403.</summary>
internal static class AuthenticationSetup
{
    /// <summary>More tolerance than this would keep expired tokens (and the connections opened with them) alive for long.</summary>
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddStreamerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StreamerAuthOptions>()
            .Bind(configuration.GetSection(StreamerAuthOptions.Section))
            .Validate(auth => auth.ClockSkew >= TimeSpan.Zero && auth.ClockSkew <= MaxClockSkew, $"'{StreamerAuthOptions.Section}:ClockSkew' must be between 00:00:00 and {MaxClockSkew:c}.")
            .ValidateOnStart();
        services.Configure<ManagementOptions>(configuration.GetSection(ManagementOptions.Section));
        services.AddSingleton<DevTokenIssuer>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<StreamerAuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));
        services.AddAuthorization();
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, StreamerAuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.SaveToken = true;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            NameClaimType = StreamerClaims.Subject,
            ClockSkew = auth.ClockSkew,
        };
        if (!string.IsNullOrEmpty(auth.Authority))
        {
            jwt.Authority = auth.Authority;
        }
        else
        {
            jwt.TokenValidationParameters.IssuerSigningKey = DevTokenIssuer.SigningKey(auth);
        }

        jwt.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on WebSocket and SSE requests, so SignalR sends the token in the query string.
            OnMessageReceived = context =>
            {
                if (context.Request.Path.StartsWithSegments(RealtimePaths.Hub) && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                // The handler sets ExpiresUtc to the token's exp, but it accepts the token until exp plus the clock skew.
                // The hub closes a connection at ExpiresUtc (CloseOnAuthenticationExpiration), so it is moved to that same
                // moment: a connection then lives exactly as long as its token would still be accepted on a new request,
                // and a client reconnecting with the same token in between is not admitted only to be closed at once.
                if (context.SecurityToken is { ValidTo: var validTo } && validTo > DateTime.MinValue)
                {
                    context.Properties.ExpiresUtc = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)) + auth.ClockSkew;
                }

                // A SignalR connection keeps its request's principal for as long as it is open. The validated identity also
                // holds the parsed token; keeping only the claims the host reads makes an idle connection about 8 KB lighter.
                if (context.Request.Path.StartsWithSegments(RealtimePaths.Hub) && context.Principal?.Identity is ClaimsIdentity validated)
                {
                    var kept = validated.Claims.Where(c => c.Type is StreamerClaims.Subject or StreamerClaims.Tenant or StreamerClaims.Permission)
                        .Select(c => new Claim(c.Type, c.Value));
                    context.Principal = new ClaimsPrincipal(new ClaimsIdentity(kept, validated.AuthenticationType, validated.NameClaimType, validated.RoleClaimType));
                }

                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Problems.Create(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized, "Authentication required.", DescribeFailure(context.AuthenticateFailure))
                    .ExecuteAsync(context.HttpContext);
            },
            OnForbidden = context => Problems.Forbidden("The token does not grant access to this resource.").ExecuteAsync(context.HttpContext),
        };
    }

    private static string DescribeFailure(Exception? failure) => failure switch
    {
        null => "Send an access token as 'Authorization: Bearer <token>' (get a local one with `dotnet run --project Streamer.Host -- token`).",
        SecurityTokenExpiredException => "The access token has expired; get a new one.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The access token's signature is not valid.",
        SecurityTokenInvalidAudienceException => "The access token is for another audience.",
        SecurityTokenInvalidIssuerException => "The access token is from an untrusted issuer.",
        _ => "The access token is not valid.",
    };
}
