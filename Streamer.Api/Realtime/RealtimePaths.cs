namespace Streamer.Api.Realtime;

/// <summary>Where the SignalR endpoints live.</summary>
internal static class RealtimePaths
{
    /// <summary>The in-host hub (<c>streamer</c>); clients reach it through <c>POST /api/negotiate</c>.</summary>
    public const string Hub = "/api/hubs/streamer";
}
