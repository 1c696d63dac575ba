using Microsoft.AspNetCore.SignalR;

namespace Streamer.Bench.Baseline;

/// <summary>The user is the <c>user</c> query parameter, so sends go through Clients.User as the host's do, without tokens.</summary>
internal sealed class QueryUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.GetHttpContext()?.Request.Query["user"].ToString();
}
