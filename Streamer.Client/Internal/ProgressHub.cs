using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace Streamer.Client;

/// <summary>
/// One SignalR connection per client, shared by its requests: negotiated through <c>POST /api/negotiate</c> (the in-host hub
/// or Azure SignalR Service alike), reconnecting forever, and after every (re)connect asking for each watched request's
/// current state (<c>Subscribe</c>), so nothing sent while it was down is missed. When the hub cannot be reached the
/// requests' status polls carry them.
/// </summary>
internal sealed partial class ProgressHub(Func<CancellationToken, Task<NegotiateAnswer>> negotiate, ILogger logger) : IAsyncDisposable
{
    /// <summary>After a failed connect, new requests do not try again before this, so a hub that is not there costs one attempt.</summary>
    private static readonly TimeSpan RetryConnectAfter = TimeSpan.FromSeconds(30);

    /// <summary>How long a connect or a catch-up may take before the request relies on its polls alone.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, RequestWatch> _watches = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private volatile HubConnection? _connection;
    private DateTimeOffset _noConnectBefore;
    private bool _disposed;

    public bool IsConnected => _connection?.State == HubConnectionState.Connected;

    /// <summary>Routes the request's messages to <paramref name="watch"/>; false when the hub cannot be reached now (poll instead).</summary>
    public async Task<bool> WatchAsync(RequestWatch watch, CancellationToken cancellationToken)
    {
        _watches[watch.RequestId] = watch;
        if (!await EnsureConnectedAsync(cancellationToken))
        {
            return false;
        }

        await CatchUpAsync(watch, cancellationToken);
        return true;
    }

    /// <summary>Stops routing to <paramref name="watch"/> (not to another handle's watch of the same request).</summary>
    public void Unwatch(RequestWatch watch) => _watches.TryRemove(new KeyValuePair<string, RequestWatch>(watch.RequestId, watch));

    /// <summary>Stops the connection as if the network dropped it (tests use it to prove the client recovers).</summary>
    internal async Task DropAsync()
    {
        if (_connection is { } connection)
        {
            await connection.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Under the connect lock, so that no connect in flight builds a connection after this.
        await _connecting.WaitAsync();
        try
        {
            _disposed = true;
            if (_connection is { } connection)
            {
                await connection.DisposeAsync();
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async Task<bool> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection?.State is HubConnectionState.Connected)
        {
            return true;
        }

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            var current = _connection;
            if (_disposed || current?.State is HubConnectionState.Reconnecting || DateTimeOffset.UtcNow < _noConnectBefore)
            {
                return false;
            }

            if (current?.State is HubConnectionState.Connected)
            {
                return true;
            }

            if (current is not null)
            {
                await current.DisposeAsync();
            }

            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(CallTimeout);
            var negotiated = await negotiate(bounded.Token);
            var connection = Build(negotiated);
            _connection = connection;
            await connection.StartAsync(bounded.Token);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _noConnectBefore = DateTimeOffset.UtcNow + RetryConnectAfter;
            LogUnreachable(ex);
            return false;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private HubConnection Build(NegotiateAnswer negotiated)
    {
        // The first connect uses the token just negotiated; every reconnect negotiates again, with a token fresh from the
        // provider: the hub closes a connection when its token expires (Azure SignalR's within the hour), and the old token
        // would be refused.
        var first = negotiated.AccessToken;
        var connection = new HubConnectionBuilder()
            .WithUrl(negotiated.Url, options => options.AccessTokenProvider = async () => Interlocked.Exchange(ref first, null) ?? (await negotiate(CancellationToken.None)).AccessToken)
            .WithAutomaticReconnect(new Forever())
            .Build();
        connection.On<RequestProgress>("progress", message => Find(message.RequestId)?.Report(message));
        connection.On<CompletedMessage>("completed", message => Find(message.RequestId)?.Complete(message.Output));
        connection.On<FailedMessage>("failed", message => Find(message.RequestId)?.Fail(
            new StreamerRequestException(message.Error.Code, message.Error.Message, requestId: message.RequestId, retryAfterSeconds: message.Error.RetryAfterSeconds)));
        connection.Reconnected += async _ =>
        {
            foreach (var watch in _watches.Values)
            {
                await CatchUpAsync(watch, CancellationToken.None);
            }
        };
        return connection;
    }

    private RequestWatch? Find(string requestId) => _watches.GetValueOrDefault(requestId);

    private async Task CatchUpAsync(RequestWatch watch, CancellationToken cancellationToken)
    {
        // Only the ASP.NET Core host's hub has Subscribe; Azure SignalR Service in Serverless mode answers with an error or
        // not at all, so the call is bounded and the request's polls catch it up instead.
        if (_connection is not { State: HubConnectionState.Connected } connection)
        {
            return;
        }

        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(CallTimeout);
            var status = await connection.InvokeAsync<JsonElement>("Subscribe", watch.RequestId, bounded.Token);
            var parsed = status.Deserialize<RequestStatus>(StreamerJson.Options);
            if (parsed is not null)
            {
                watch.Apply(parsed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The poll catches up instead; a request the hub does not know is reported by the poll as 404.
            LogCatchUpFailed(watch.RequestId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The Streamer hub cannot be reached; requests are followed by polling their status.")]
    private partial void LogUnreachable(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Catching up request {RequestId} over the hub failed.")]
    private partial void LogCatchUpFailed(string requestId, Exception exception);

    /// <summary>Reconnects for as long as the client lives: 0 s, 1 s, 2 s, 5 s, then every 10 s.</summary>
    private sealed class Forever : IRetryPolicy
    {
        private static readonly TimeSpan[] Delays = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

        public TimeSpan? NextRetryDelay(RetryContext retryContext)
            => retryContext.PreviousRetryCount < Delays.Length ? Delays[retryContext.PreviousRetryCount] : TimeSpan.FromSeconds(10);
    }
}
