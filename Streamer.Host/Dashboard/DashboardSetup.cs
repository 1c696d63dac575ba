using Streamer.Api.Auth;
using Streamer.Host.Auth;

namespace Streamer.Host.Dashboard;

/// <summary>
/// The live dashboard at <c>/</c>: static files from <c>wwwroot/</c> (the SignalR browser client is copied into
/// <c>wwwroot/lib/signalr/</c> from node_modules at build), and in Development the dev sign-in it offers.
/// </summary>
internal static class DashboardSetup
{
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = DashboardHeaders.Apply });
        app.MapDevTokenEndpoint(app.Environment);
        return app;
    }
}
