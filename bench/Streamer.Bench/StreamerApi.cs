using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>The host's HTTP API as the benchmark uses it: start a request, read its status, as any of many users.</summary>
internal sealed class StreamerApi(Uri baseAddress, string signingKey) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    public Uri BaseAddress => baseAddress;

    public string TokenFor(string user) => _tokens.GetOrAdd(user, u => BenchTokens.Issue(signingKey, u));

    /// <summary>The body of a <c>bench_progress</c> start (no id: the host makes one).</summary>
    public static string BenchProgressBody(int reports = 0, int intervalMs = 100, bool stageEach = false)
        => JsonSerializer.Serialize(new { action = "bench_progress", payload = new { reports, interval_ms = intervalMs, stage_each = stageEach } });

    /// <summary><c>POST /api/requests</c>; the status and, for a 202, the request id.</summary>
    public async Task<(HttpStatusCode Status, string? RequestId)> StartAsync(string user, string body, CancellationToken cancellationToken = default)
    {
        var (status, requestId, _) = await StartWithInstanceAsync(user, body, cancellationToken);
        return (status, requestId);
    }

    /// <summary><c>POST /api/requests</c>; the status and, for a 202, the request id and its orchestration's instance id (the answer's <c>id</c>).</summary>
    public async Task<(HttpStatusCode Status, string? RequestId, string? InstanceId)> StartWithInstanceAsync(string user, string body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/requests") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(user));
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return (response.StatusCode, null, null);
        }

        using var json = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken);
        return (response.StatusCode, json?.RootElement.GetProperty("requestId").GetString(), json?.RootElement.GetProperty("id").GetString());
    }

    /// <summary><c>GET /api/requests/{id}</c>; 202 while running, 200 when finished.</summary>
    public async Task<HttpStatusCode> StatusAsync(string user, string requestId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/requests/" + Uri.EscapeDataString(requestId));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(user));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.StatusCode;
    }

    /// <summary><c>GET /api/requests/{id}</c> with its answer read: 202 while running, 200 when finished.</summary>
    public async Task<StatusRead> ReadStatusAsync(string user, string requestId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/requests/" + Uri.EscapeDataString(requestId));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(user));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted
            ? await response.Content.ReadFromJsonAsync<StatusRead.Body>(cancellationToken)
            : null;
        return new StatusRead(response.StatusCode, body);
    }

    /// <summary>Waits until every request has finished (status 200), polling each every 200 ms.</summary>
    public async Task WaitFinishedAsync(string user, IEnumerable<string> requestIds, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        foreach (var id in requestIds)
        {
            while (await StatusAsync(user, id, deadline.Token) != HttpStatusCode.OK)
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    /// <summary>A GET of a <c>/bench/*</c> endpoint of the hooked host, deserialized.</summary>
    public async Task<T> BenchAsync<T>(string path)
        => await _http.GetFromJsonAsync<T>(path) ?? throw new InvalidOperationException($"{path} answered nothing.");

    public async Task ResetStorageCountsAsync()
    {
        using var response = await _http.PostAsync("bench/storage/reset", null);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
