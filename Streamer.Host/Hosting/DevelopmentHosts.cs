using Streamer.Api.Errors;

namespace Streamer.Host.Hosting;

/// <summary>
/// In Development the host answers only requests addressed to a loopback name (<c>localhost</c>, <c>127.0.0.1</c>,
/// <c>[::1]</c>) or to a name listed in the standard <c>AllowedHosts</c> setting (<c>;</c>-separated); anything else
/// answers 400 <c>VALIDATION</c>. A page on another site can make a browser send requests here under its own name
/// (DNS rebinding: <c>rebind.attacker.example</c> made to resolve to 127.0.0.1), which the same-origin rules would then
/// treat as that page's own origin; the <c>Host</c> header is what gives it away. Outside Development the deployer's
/// <c>AllowedHosts</c> applies through ASP.NET Core's own host filtering, as usual.
/// </summary>
/// <remarks>
/// ASP.NET Core's host filtering middleware is added ahead of every other middleware and answers with a bare 400; this
/// one runs after the exception handler so that the answer is problem+json, like every other error of this API.
/// </remarks>
internal static class DevelopmentHosts
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];

    public static IApplicationBuilder UseDevelopmentHostsOnly(this IApplicationBuilder app, IHostEnvironment environment, IConfiguration configuration)
    {
        if (!environment.IsDevelopment())
        {
            return app;
        }

        var allowed = Allowed(configuration["AllowedHosts"]);
        return app.Use((context, next) =>
        {
            var host = context.Request.Host;
            if (host.HasValue && allowed.Contains(host.Host))
            {
                return next(context);
            }

            return Problems.Create(StatusCodes.Status400BadRequest, ProblemCodes.Validation, "Unknown host name.",
                    $"This development host answers only {string.Join(", ", allowed.Order(StringComparer.Ordinal))}; add another name to the 'AllowedHosts' setting (';'-separated) to use it.")
                .ExecuteAsync(context);
        });
    }

    /// <summary>The loopback names and the configured ones; a configured <c>*</c> is ignored here, since it would undo the protection.</summary>
    internal static HashSet<string> Allowed(string? configured)
    {
        var names = new HashSet<string>(Loopback, StringComparer.OrdinalIgnoreCase);
        foreach (var name in (configured ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (name != "*")
            {
                names.Add(name);
            }
        }

        return names;
    }
}
