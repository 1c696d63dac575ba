using Microsoft.AspNetCore.Cors.Infrastructure;
using Streamer.Api.Hosting;

namespace Streamer.Host.Hosting;

/// <summary>
/// CORS as Core Tools configures it from local.settings.json: <c>Host.CORS</c> is a comma-separated list of
/// origins (<c>*</c> for any), <c>Host.CORSCredentials</c> allows cookies and auth headers. Without
/// <c>Host.CORS</c> no cross-origin request is allowed.
/// </summary>
internal static class HostCors
{
    private const string PolicyName = "host";

    public static IServiceCollection AddHostCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var origins = (configuration["Host:CORS"] ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            options.AddPolicy(PolicyName, policy => Configure(policy, origins, configuration.GetValue("Host:CORSCredentials", false)));
        });
        return services;
    }

    public static IApplicationBuilder UseHostCors(this IApplicationBuilder app) => app.UseCors(PolicyName);

    private static void Configure(CorsPolicyBuilder policy, string[] origins, bool credentials)
    {
        policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "Retry-After");
        if (origins.Contains("*"))
        {
            // Credentials cannot be combined with a wildcard origin; reflect the caller's origin instead, as the Functions host does.
            if (credentials)
            {
                policy.SetIsOriginAllowed(_ => true).AllowCredentials();
            }
            else
            {
                policy.AllowAnyOrigin();
            }
        }
        else if (origins.Length > 0)
        {
            policy.WithOrigins(origins);
            if (credentials)
            {
                policy.AllowCredentials();
            }
        }
    }
}
