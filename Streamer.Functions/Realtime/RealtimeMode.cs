namespace Streamer.Functions.Realtime;

/// <summary>Which SignalR carries messages: Azure SignalR Service when <c>AzureSignalRConnectionString</c> is set, else this host's hub.</summary>
internal sealed record RealtimeMode(AzureSignalROptions? Service)
{
    public static RealtimeMode From(IConfiguration configuration)
        => new(configuration[AzureSignalROptions.SettingName] is { Length: > 0 } connectionString ? AzureSignalROptions.Parse(connectionString) : null);
}
