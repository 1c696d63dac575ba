using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Streamer.Client;

/// <summary>
/// Starts Streamer requests and awaits their results with live progress. One client per API and caller: it keeps one
/// SignalR connection for all its requests. Build it with <see cref="Create"/> or register it with
/// <c>services.AddStreamerClient(...)</c>; both retry transient failures (network errors, 408, 500, 502, 503, honouring
/// <c>Retry-After</c>), which is safe for durable starts because every start carries an id the API deduplicates by.
/// </summary>
/// <example>
/// <code>
/// await using var streamer = StreamerClient.Create(new() { BaseAddress = new("http://localhost:7071/"), AccessTokenProvider = _ =&gt; new(token) });
/// await using var request = await streamer.StartAsync("generate_report", payload);
/// await foreach (var p in request.Progress()) Console.WriteLine($"{p.Percentage}% {p.Message}");
/// var report = await request.WaitAsync&lt;JsonElement&gt;();
/// </code>
/// </example>
public sealed class StreamerClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly StreamerClientOptions _options;
    private readonly ProgressHub? _hub;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client over <paramref name="http"/> (whose handlers, such as a resilience handler, apply to every call).</summary>
    public StreamerClient(HttpClient http, StreamerClientOptions options, ILoggerFactory? loggerFactory = null)
        : this(http, options, loggerFactory, ownsHttp: false)
    {
    }

    private StreamerClient(HttpClient http, StreamerClientOptions options, ILoggerFactory? loggerFactory, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var baseAddress = options.BaseAddress ?? http.BaseAddress ?? throw new ArgumentException("Set StreamerClientOptions.BaseAddress (or the HttpClient's).", nameof(options));
        _http = http;
        _http.BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _options = options;
        _ownsHttp = ownsHttp;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<StreamerClient>();
        _hub = options.UseRealtime ? new ProgressHub(NegotiateAsync, logger) : null;
    }

    /// <summary>A client with its own HttpClient and the same retries as the registered one.</summary>
    public static StreamerClient Create(StreamerClientOptions options, ILoggerFactory? loggerFactory = null)
        => new(new HttpClient(StreamerRetries.CreateHandler()), options, loggerFactory, ownsHttp: true);

    /// <summary>
    /// Runs <paramref name="action"/> to its end and returns its output, reporting progress as it comes. Cancelling
    /// <paramref name="cancellationToken"/> cancels the request itself (it stops at its next chunk boundary and ends
    /// <c>Canceled</c>), then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="StreamerRequestException">The API refused the start, or the request failed, was canceled or terminated.</exception>
    public async Task<TOutput?> RunAsync<TOutput>(string action, object? payload, IProgress<RequestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var request = await StartAsync(action, payload, cancellationToken: cancellationToken);
        var reporting = progress is null ? Task.CompletedTask : ReportAsync(request, progress);
        try
        {
            var output = await request.WaitAsync<TOutput>(cancellationToken);
            await reporting;
            return output;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await request.TryCancelAsync();
            throw new OperationCanceledException($"Request '{request.Id}' was asked to cancel; it stops at its next chunk boundary and ends Canceled.", null, cancellationToken);
        }
    }

    /// <summary>
    /// Starts <paramref name="action"/> and returns at once with a handle to follow it. <paramref name="id"/> defaults to a
    /// new id; pass your own to make retries of your own call idempotent too.
    /// </summary>
    /// <exception cref="StreamerRequestException">The API refused the start (400, 401, 403, 404, 409, 413, 429, …).</exception>
    public async Task<StreamerRequest> StartAsync(string action, object? payload, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        id ??= Guid.NewGuid().ToString("N");
        var json = payload as JsonElement? ?? JsonSerializer.SerializeToElement(payload ?? new { }, _options.PayloadJson);
        var body = JsonContent.Create(new StartBody(id, action, json), options: StreamerJson.Options);
        using var response = await SendAsync(HttpMethod.Post, "api/requests", body, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            // A fast action ran inline: its answer is the outcome.
            var sync = await response.Content.ReadFromJsonAsync<SyncAnswer>(StreamerJson.Options, cancellationToken);
            var done = new RequestWatch(id);
            done.Complete(sync?.Data ?? default);
            return new StreamerRequest(this, sync?.RequestId ?? id, action, done, _options.PayloadJson, follow: null);
        }

        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await StreamerRequestException.FromResponseAsync(response, id, cancellationToken);
        }

        var accepted = await response.Content.ReadFromJsonAsync<AcceptedAnswer>(StreamerJson.Options, cancellationToken);
        var watch = new RequestWatch(accepted?.RequestId ?? id);
        return new StreamerRequest(this, watch.RequestId, action, watch, _options.PayloadJson, FollowAsync);
    }

    /// <summary>A request's current state.</summary>
    /// <exception cref="StreamerRequestException">It is unknown to the caller (<c>NOT_FOUND</c>), or the call was refused.</exception>
    public async Task<RequestStatus> GetStatusAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/requests/{Uri.EscapeDataString(id)}", null, cancellationToken);
        return await ReadAsync<RequestStatus>(response, id, cancellationToken);
    }

    /// <summary>Asks a running request to stop at its next chunk boundary; it then ends <c>Canceled</c>.</summary>
    /// <exception cref="StreamerRequestException">It has already ended (<c>CONFLICT</c>) or is unknown (<c>NOT_FOUND</c>).</exception>
    public async Task<RequestStatus> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/requests/{Uri.EscapeDataString(id)}/cancel", null, cancellationToken);
        return await ReadAsync<RequestStatus>(response, id, cancellationToken);
    }

    /// <summary>The caller's requests, newest first, optionally only those in the given runtime statuses.</summary>
    public async Task<RequestPage> ListAsync(IEnumerable<string>? statuses = null, int? top = null, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (statuses?.ToArray() is { Length: > 0 } names)
        {
            query.Add("status=" + Uri.EscapeDataString(string.Join(',', names)));
        }

        if (top is { } count)
        {
            query.Add("top=" + count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (continuationToken is not null)
        {
            query.Add("continuationToken=" + Uri.EscapeDataString(continuationToken));
        }

        using var response = await SendAsync(HttpMethod.Get, "api/requests" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty), null, cancellationToken);
        return await ReadAsync<RequestPage>(response, null, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Drops the hub connection as the network would (for tests of the recovery); requests go on by polling.</summary>
    internal Task DropConnectionAsync() => _hub?.DropAsync() ?? Task.CompletedTask;

    internal void Forget(RequestWatch watch) => _hub?.Unwatch(watch);

    /// <summary>
    /// Follows a durable request: over the hub when it can, and by polling its status always (fast while the hub is not
    /// connected). The poll starts at once, beside the hub's connect, so a slow or absent hub delays nothing.
    /// </summary>
    private async Task FollowAsync(RequestWatch watch, CancellationToken cancellationToken)
    {
        try
        {
            var hub = _hub?.WatchAsync(watch, cancellationToken) ?? Task.FromResult(false);
            await PollAsync(watch, cancellationToken);
            await hub;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Whatever stopped the following (a disposed client, an answer that cannot be read) ends the wait too.
            watch.Fail(ex);
        }
    }

    private async Task PollAsync(RequestWatch watch, CancellationToken cancellationToken)
    {
        while (!watch.Outcome.IsCompleted)
        {
            var interval = _hub?.IsConnected == true ? _options.ConnectedPollInterval : _options.PollInterval;
            await Task.WhenAny(watch.Outcome, Task.Delay(interval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (watch.Outcome.IsCompleted)
            {
                return;
            }

            try
            {
                watch.Apply(await GetStatusAsync(watch.RequestId, cancellationToken));
            }
            catch (StreamerRequestException ex) when (ex.Status is >= 400 and < 500 and not 408 and not 429)
            {
                // Unknown (purged), or the caller may no longer read it (an expired token): polling again will not help.
                watch.Fail(ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or StreamerRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A transient failure the retries did not absorb (a timeout, a 5xx): the next poll tries again.
            }
        }
    }

    private static async Task ReportAsync(StreamerRequest request, IProgress<RequestProgress> progress)
    {
        await foreach (var update in request.Progress())
        {
            progress.Report(update);
        }
    }

    private async Task<NegotiateAnswer> NegotiateAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/negotiate", null, cancellationToken);
        return await ReadAsync<NegotiateAnswer>(response, null, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, path) { Content = content };
        if (_options.AccessTokenProvider is { } tokens && await tokens(cancellationToken) is { Length: > 0 } token)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(message, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string? requestId, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await StreamerRequestException.FromResponseAsync(response, requestId, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync<T>(StreamerJson.Options, cancellationToken)
            ?? throw new StreamerRequestException("INTERNAL", $"The API answered {(int)response.StatusCode} without a body.", (int)response.StatusCode, requestId);
    }

    private sealed record StartBody(string Id, string Action, JsonElement Payload);

    private sealed record SyncAnswer(string RequestId, JsonElement Data);

    private sealed record AcceptedAnswer(string RequestId);
}
