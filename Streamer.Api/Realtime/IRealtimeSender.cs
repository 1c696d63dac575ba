namespace Streamer.Api.Realtime;

/// <summary>
/// Sends one client method call to all connections of a SignalR user. Two implementations: the hub in this
/// host (the ASP.NET Core host's <c>HubRealtimeSender</c>) and Azure SignalR Service's REST API (<see cref="AzureSignalRRealtimeSender"/>).
/// </summary>
public interface IRealtimeSender
{
    /// <summary>Invokes <paramref name="method"/> with <paramref name="argument"/> on every connection of <paramref name="userId"/>.</summary>
    Task SendToUserAsync(string userId, string method, object argument, CancellationToken cancellationToken);
}
