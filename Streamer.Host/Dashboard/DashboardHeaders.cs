using Microsoft.AspNetCore.StaticFiles;

namespace Streamer.Host.Dashboard;

/// <summary>Response headers for the dashboard's files.</summary>
internal static class DashboardHeaders
{
    // Scripts and styles come only from this host, so injected markup cannot run script. Connections may also go to
    // Azure SignalR Service (https/wss), whose address negotiate hands out at run time.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https: wss:; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Apply(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;

        // Revalidate every time: the files are small, and a stale script after an upgrade would talk to a newer API.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }
    }
}
