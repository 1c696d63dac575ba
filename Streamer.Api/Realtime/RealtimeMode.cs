namespace Streamer.Api.Realtime;

/// <summary>
/// Which SignalR carries messages: Azure SignalR Service when <c>AzureSignalRConnectionString</c> is set, else the host's
/// own hub where it has one (<paramref name="HostHub"/>), else none (status polling still works).
/// </summary>
internal sealed record RealtimeMode(AzureSignalROptions? Service, bool HostHub)
{
    public static RealtimeMode From(IConfiguration configuration, bool hostHub)
        => new(configuration[AzureSignalROptions.SettingName] is { Length: > 0 } connectionString ? AzureSignalROptions.Parse(connectionString) : null, hostHub);
}
