using System.Data.Common;

namespace Streamer.Api.Realtime;

/// <summary>
/// Azure SignalR Service in Serverless mode, from a connection string
/// (<c>Endpoint=https://name.service.signalr.net;AccessKey=...;Version=1.0;</c>) in the
/// <c>AzureSignalRConnectionString</c> setting, as the Functions SignalR binding reads it. When the setting
/// is absent, the hub inside this host is used.
/// </summary>
internal sealed record AzureSignalROptions(Uri Endpoint, string AccessKey)
{
    /// <summary>The setting that holds the connection string.</summary>
    public const string SettingName = "AzureSignalRConnectionString";

    /// <summary>Parses a connection string; throws with the missing part named.</summary>
    public static AzureSignalROptions Parse(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var endpoint = builder.TryGetValue("Endpoint", out var e) ? e as string : null;
        var key = builder.TryGetValue("AccessKey", out var k) ? k as string : null;
        if (string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException($"'{SettingName}' must look like 'Endpoint=https://<name>.service.signalr.net;AccessKey=<key>;Version=1.0;'.");
        }

        if (builder.TryGetValue("Port", out var port) && int.TryParse(port as string, System.Globalization.CultureInfo.InvariantCulture, out var p))
        {
            uri = new UriBuilder(uri) { Port = p }.Uri;
        }

        return new AzureSignalROptions(new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), key);
    }

    /// <summary>Where clients connect for <paramref name="hub"/>.</summary>
    public Uri ClientUrl(string hub) => new(Endpoint, $"client/?hub={Uri.EscapeDataString(hub.ToLowerInvariant())}");

    /// <summary>The REST URL that sends to every connection of <paramref name="userId"/>.</summary>
    public Uri UserUrl(string hub, string userId) => new(Endpoint, $"api/v1/hubs/{Uri.EscapeDataString(hub.ToLowerInvariant())}/users/{Uri.EscapeDataString(userId)}");
}
