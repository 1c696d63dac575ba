using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Streamer.Api.Realtime;

/// <summary>
/// Sends through Azure SignalR Service's serverless REST API
/// (<c>POST /api/v1/hubs/{hub}/users/{user}</c> with <c>{ target, arguments }</c>), so that every host can
/// reach every client, wherever it is connected.
/// </summary>
internal sealed class AzureSignalRRealtimeSender(HttpClient http, AzureSignalROptions options, TimeProvider time) : IRealtimeSender
{
    public const string HubName = "streamer";

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    public async Task SendToUserAsync(string userId, string method, object argument, CancellationToken cancellationToken)
    {
        var url = options.UserUrl(HubName, userId);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new { target = method, arguments = new[] { argument } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AzureSignalRTokens.Create(options, url, TokenLifetime, time.GetUtcNow()));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Azure SignalR Service answered {(int)response.StatusCode} to {method} for user '{userId}'.", null, response.StatusCode);
        }
    }
}
