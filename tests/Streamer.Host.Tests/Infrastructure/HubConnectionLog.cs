using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Streamer.Api.Auth;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>
/// What the hub saw of its connections, recorded on the server by a hub filter: who opened each, until when its
/// authentication holds (the <c>ExpiresUtc</c> the hub closes it at), and when and how it closed. Tests read it to know
/// that the server closed a connection, rather than the network or the client, and which token a reconnect used.
/// </summary>
public sealed class HubConnectionLog : IHubFilter
{
    private readonly Lock _gate = new();
    private readonly List<HubConnectionRecord> _records = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The connections <paramref name="user"/> (the token's <c>sub</c>) opened, oldest first.</summary>
    public IReadOnlyList<HubConnectionRecord> For(string user)
    {
        lock (_gate)
        {
            return [.. _records.Where(r => r.User == user)];
        }
    }

    /// <summary>Waits until <paramref name="user"/> has opened <paramref name="count"/> connections; returns the last of them.</summary>
    public Task<HubConnectionRecord> WhenOpenedAsync(string user, int count, CancellationToken cancellationToken)
        => WhenAsync(user, records => records.Count >= count ? records[count - 1] : null, cancellationToken);

    /// <summary>Waits until the <paramref name="nth"/> connection (1-based) of <paramref name="user"/> has closed; returns it.</summary>
    public Task<HubConnectionRecord> WhenClosedAsync(string user, int nth, CancellationToken cancellationToken)
        => WhenAsync(user, records => records.Count >= nth && records[nth - 1].ClosedAt is not null ? records[nth - 1] : null, cancellationToken);

    /// <inheritdoc />
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var authentication = context.Context.GetHttpContext()?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
        Update(records => records.Add(new HubConnectionRecord(
            context.Context.ConnectionId,
            context.Context.User?.FindFirst(StreamerClaims.Subject)?.Value,
            authentication?.Properties?.ExpiresUtc,
            DateTimeOffset.UtcNow,
            ClosedAt: null,
            CloseError: null)));
        await next(context);
    }

    /// <inheritdoc />
    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        var closedAt = DateTimeOffset.UtcNow;
        Update(records =>
        {
            var index = records.FindIndex(r => r.ConnectionId == context.Context.ConnectionId);
            if (index >= 0)
            {
                records[index] = records[index] with { ClosedAt = closedAt, CloseError = exception };
            }
        });
        await next(context, exception);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Update(Action<List<HubConnectionRecord>> change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            change(_records);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private async Task<HubConnectionRecord> WhenAsync(string user, Func<IReadOnlyList<HubConnectionRecord>, HubConnectionRecord?> found, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (found([.. _records.Where(r => r.User == user)]) is { } record)
                {
                    return record;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}

/// <summary>One hub connection as the server saw it.</summary>
/// <param name="ConnectionId">The connection id.</param>
/// <param name="User">The token's <c>sub</c>.</param>
/// <param name="ExpiresUtc">When its authentication expires: the server closes it then.</param>
/// <param name="OpenedAt">When the hub saw it open.</param>
/// <param name="ClosedAt">When it closed, if it has.</param>
/// <param name="CloseError">Why, when it closed with an error.</param>
public sealed record HubConnectionRecord(string ConnectionId, string? User, DateTimeOffset? ExpiresUtc, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, Exception? CloseError);
