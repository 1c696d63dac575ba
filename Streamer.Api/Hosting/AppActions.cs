namespace Streamer.Api.Hosting;

/// <summary>
/// Your application's actions. Both hosts call this (through <see cref="StreamerApiServiceCollectionExtensions.AddStreamerApi"/>),
/// so an action registered here is served by the Functions app and the ASP.NET Core host alike.
/// </summary>
internal static class AppActions
{
    public static IServiceCollection AddAppActions(this IServiceCollection services)
    {
        // Register yours here, e.g. services.AddAction<Streamer.Activities.MyActions.WordCountHandler>();
        // and, when they store something per request, what deletes it on purge and retention:
        // services.AddRequestArtifacts<Streamer.Activities.MyActions.WordCountArtifacts>();
        return services;
    }
}
