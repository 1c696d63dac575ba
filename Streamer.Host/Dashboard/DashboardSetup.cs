using Microsoft.AspNetCore.StaticFiles;
using Streamer.Api.Auth;
using Streamer.Host.Auth;

namespace Streamer.Host.Dashboard;

/// <summary>
/// The live dashboard at <c>/</c>: static files from <c>wwwroot/</c> (the SignalR browser client is copied into
/// <c>wwwroot/lib/signalr/</c> from node_modules at build) and the JavaScript client (<c>js/streamer-client.js</c> and its
/// <c>.d.ts</c>), and in Development the dev sign-in it offers.
/// </summary>
internal static class DashboardSetup
{
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        // ASP.NET Core maps .ts to MPEG transport streams; the JavaScript client's declarations (.d.ts) are text.
        var types = new FileExtensionContentTypeProvider { Mappings = { [".ts"] = "text/plain; charset=utf-8" } };
        app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = types, OnPrepareResponse = DashboardHeaders.Apply });
        app.MapDevTokenEndpoint(app.Environment);
        return app;
    }
}
