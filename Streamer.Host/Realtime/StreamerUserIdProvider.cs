using Microsoft.AspNetCore.SignalR;
using Streamer.Api.Auth;
using Streamer.Api.Realtime;

namespace Streamer.Host.Realtime;

/// <summary>Addresses SignalR connections by tenant and user, the way request owners are addressed.</summary>
internal sealed class StreamerUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.GetOwner()?.SignalRUserId;
}
