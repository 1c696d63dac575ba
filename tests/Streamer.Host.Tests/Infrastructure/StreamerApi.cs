using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>Calls of <c>/api/requests</c> that several tests share.</summary>
public static class StreamerApi
{
    /// <summary>Starts <see cref="GatedTestAction"/> with <paramref name="chunks"/> chunks under <paramref name="requestId"/>; returns the 202 body.</summary>
    public static async Task<JsonElement> StartGatedAsync(HttpClient client, string requestId, int chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.PostAsJsonAsync("api/requests", new { id = requestId, action = GatedTestAction.ActionName, payload = new { chunks } }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"start answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>Polls <c>GET /api/requests/{id}</c> until it answers 200 (the request finished); returns the body.</summary>
    public static async Task<JsonElement> WaitUntilFinishedAsync(HttpClient client, string requestId, CancellationToken cancellationToken)
    {
        var (_, body) = await Poll.UntilAsync(
            async ct =>
            {
                using var response = await client.GetAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), ct);
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"status answered {(int)response.StatusCode}");
                return (Finished: response.StatusCode == HttpStatusCode.OK, Body: await response.Content.ReadFromJsonAsync<JsonElement>(ct));
            },
            r => r.Finished,
            cancellationToken);
        return body;
    }
}
