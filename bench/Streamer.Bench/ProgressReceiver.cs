using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// One SignalR client that records every <c>progress</c> message (and when each request's <c>completed</c> arrived): when it arrived and, when its details carry a
/// report timestamp <c>t</c> (bench_progress and the baseline hub stamp one), the latency from report to receipt.
/// </summary>
internal sealed class ProgressReceiver : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _gate = new();
    private readonly List<ReceivedProgress> _received = [];
    private readonly Dictionary<string, long> _completed = [];

    private ProgressReceiver(HubConnection connection)
    {
        _connection = connection;
        _connection.On<JsonElement>("progress", message =>
        {
            var arrived = Stopwatch.GetTimestamp();
            double? latency = message.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object && details.TryGetProperty("t", out var t)
                ? MonotonicClock.Milliseconds(t.GetInt64(), arrived)
                : null;
            var requestId = message.TryGetProperty("requestId", out var id) ? id.GetString() ?? string.Empty : string.Empty;
            lock (_gate)
            {
                _received.Add(new ReceivedProgress(arrived, requestId, latency));
            }
        });
        _connection.On<JsonElement>("completed", message =>
        {
            var arrived = Stopwatch.GetTimestamp();
            var requestId = message.TryGetProperty("requestId", out var id) ? id.GetString() ?? string.Empty : string.Empty;
            lock (_gate)
            {
                _completed.TryAdd(requestId, arrived);
            }
        });
    }

    /// <summary>When the first <c>completed</c> message of each request arrived (<see cref="Stopwatch.GetTimestamp"/>), by request id.</summary>
    public IReadOnlyDictionary<string, long> Completed
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_completed);
            }
        }
    }

    /// <summary>Connects to the host the way the stock client does: base URL <c>/api</c>, <c>POST /api/negotiate</c>, then the hub it names.</summary>
    public static Task<ProgressReceiver> ConnectHostAsync(StreamerApi api, string user)
        => ConnectAsync(new HubConnectionBuilder()
            .WithUrl(new Uri(api.BaseAddress, "api"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(api.TokenFor(user)))
            .Build());

    /// <summary>Connects to the baseline's bare hub as <paramref name="user"/> (WebSockets, no negotiation).</summary>
    public static Task<ProgressReceiver> ConnectBaselineAsync(Uri hub, string user)
        => ConnectAsync(new HubConnectionBuilder()
            .WithUrl(new Uri(hub + "?user=" + user), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build());

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<ReceivedProgress> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> stamped messages have arrived, or the timeout passes (then returns what there is).</summary>
    public async Task WaitForStampedAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Received.Count(r => r.LatencyMilliseconds is not null) < count && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static async Task<ProgressReceiver> ConnectAsync(HubConnection connection)
    {
        var receiver = new ProgressReceiver(connection);
        await connection.StartAsync();
        return receiver;
    }
}
