using Microsoft.AspNetCore.SignalR;
using Streamer.Api.Realtime;

namespace Streamer.Host.Realtime;

/// <summary>Sends through the <see cref="StreamerHub"/> of this host (the default; one host, or sticky clients).</summary>
internal sealed class HubRealtimeSender(IHubContext<StreamerHub> hub) : IRealtimeSender
{
    public Task SendToUserAsync(string userId, string method, object argument, CancellationToken cancellationToken)
        => hub.Clients.User(userId).SendAsync(method, argument, cancellationToken);
}
