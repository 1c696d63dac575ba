using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Streamer.Faults.Tests.Infrastructure;

/// <summary>One HTTP answer, read to the end.</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, string Body, string? ContentType, string? RetryAfter)
{
    public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Body);

    /// <summary>The problem's <c>code</c>, when the body is a problem.</summary>
    public string? Code => ContentType == "application/problem+json" && Json.TryGetProperty("code", out var code) ? code.GetString() : null;

    public override string ToString() => $"{(int)Status} {Status} ({ContentType ?? "no body"}, Retry-After: {RetryAfter ?? "none"}): {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}

/// <summary>The Streamer HTTP API of one host, as a client calls it (bearer token, JSON).</summary>
internal sealed class StreamerClient(Uri baseAddress, string token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public Uri BaseAddress => baseAddress;

    /// <summary><c>POST /api/requests</c>.</summary>
    public Task<ApiAnswer> StartAsync(string id, string action, string payloadJson, CancellationToken cancellationToken)
    {
        var body = $$"""{"id":{{JsonSerializer.Serialize(id)}},"action":{{JsonSerializer.Serialize(action)}},"payload":{{payloadJson}}}""";
        return SendAsync(HttpMethod.Post, "api/requests", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
    }

    /// <summary><c>GET /api/requests/{id}</c>.</summary>
    public Task<ApiAnswer> GetAsync(string id, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Get, "api/requests/" + Uri.EscapeDataString(id), null, cancellationToken);

    /// <summary><c>GET /api/health</c> (liveness).</summary>
    public Task<ApiAnswer> LivenessAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, "api/health", null, cancellationToken);

    /// <summary><c>GET /api/health/ready</c> (readiness).</summary>
    public Task<ApiAnswer> ReadinessAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, "api/health/ready", null, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<ApiAnswer> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? ((int)delta.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : response.Headers.RetryAfter?.Date?.ToString("R");
        return new ApiAnswer(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, retryAfter);
    }
}
