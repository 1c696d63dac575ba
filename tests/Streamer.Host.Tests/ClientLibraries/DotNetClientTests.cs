using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Streamer.Client;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.ClientLibraries;

/// <summary><see cref="StreamerClient"/> against the live host: real HTTP, the real hub over a real socket, Azurite.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class DotNetClientTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_returns_the_output_of_a_multi_chunk_request_with_progress_in_increasing_sequence()
    {
        await using var services = new ServiceCollection()
            .AddStreamerClient(options => Configure(options, "dotnet-run"))
            .Services.BuildServiceProvider();
        var streamer = services.GetRequiredService<StreamerClient>();
        var updates = new List<RequestProgress>();
        using var deadline = new CancellationTokenSource(Deadline);

        var output = await streamer.RunAsync<JsonElement>("echo_async", new { hello = "dotnet" }, new SynchronousProgress(updates), deadline.Token);

        Assert.Equal("dotnet", output.GetProperty("echo").GetProperty("hello").GetString());
        Assert.NotEmpty(updates);
        Assert.True(updates.Zip(updates.Skip(1)).All(pair => pair.Second.Sequence > pair.First.Sequence), "sequences strictly increase");
        Assert.True(updates.Zip(updates.Skip(1)).All(pair => pair.Second.Percentage >= pair.First.Percentage), "percentages never go backwards");
    }

    [Fact]
    public async Task Over_the_hub_alone_a_request_completes_with_every_progress_update()
    {
        // Polls far apart: whatever arrives within the deadline came over SignalR.
        var options = new StreamerClientOptions { PollInterval = TimeSpan.FromMinutes(10), ConnectedPollInterval = TimeSpan.FromMinutes(10) };
        Configure(options, "dotnet-hub", TimeSpan.FromMinutes(10));
        await using var streamer = StreamerClient.Create(options);
        using var deadline = new CancellationTokenSource(Deadline);
        var id = "hub-" + Guid.NewGuid().ToString("N");
        var run = GatedTestRegistry.For(id);

        await using var request = await streamer.StartAsync(GatedTestAction.ActionName, new { chunks = 2 }, id, deadline.Token);
        var updates = new List<RequestProgress>();
        var reading = Task.Run(async () =>
        {
            await foreach (var update in request.Progress(deadline.Token))
            {
                updates.Add(update);
            }
        });
        await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
        run.Release(0);
        await run.WhenAsync(1, GatedChunkEvent.Started, deadline.Token);
        run.Release(1);

        Assert.Equal(new GatedTestOutput(2), await request.WaitAsync<GatedTestOutput>(deadline.Token));
        await reading;
        // Updates are throttled, but the first and the last (100 %) always go out.
        Assert.Equal(100, updates[^1].Percentage);
        Assert.True(updates.Count >= 2, $"saw {updates.Count} update(s)");
        Assert.True(updates.Zip(updates.Skip(1)).All(pair => pair.Second.Sequence > pair.First.Sequence), "sequences strictly increase");
    }

    [Fact]
    public async Task A_fast_action_runs_inline_and_RunAsync_returns_its_data()
    {
        await using var streamer = Client("dotnet-sync");

        var output = await streamer.RunAsync<JsonElement>("echo", new { n = 7 });

        Assert.Equal(7, output.GetProperty("echo").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task After_the_socket_drops_mid_run_the_request_still_completes_with_its_output()
    {
        await using var streamer = Client("dotnet-drop");
        using var deadline = new CancellationTokenSource(Deadline);
        var id = "drop-" + Guid.NewGuid().ToString("N");
        var run = GatedTestRegistry.For(id);

        await using var request = await streamer.StartAsync(GatedTestAction.ActionName, new { chunks = 3 }, id, deadline.Token);
        await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
        await streamer.DropConnectionAsync();
        run.Release(0);
        run.Release(1);
        run.Release(2);

        var output = await request.WaitAsync<GatedTestOutput>(deadline.Token);

        Assert.Equal(new GatedTestOutput(3), output);
    }

    [Fact]
    public async Task When_the_hub_closes_the_connection_on_token_expiry_the_client_reconnects_with_a_fresh_token_and_catches_up()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var host = ExpiringTokenHost.Start(app);
        var user = "dotnet-expiry-" + Guid.NewGuid().ToString("N")[..8];
        var reconnect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handedOut = new ConcurrentQueue<(DateTimeOffset At, string Token)>();
        var options = new StreamerClientOptions
        {
            BaseAddress = host.BaseAddress,
            // Polls far apart: after the close, only the reconnected hub can bring the outcome.
            PollInterval = TimeSpan.FromMinutes(10),
            ConnectedPollInterval = TimeSpan.FromMinutes(10),
            // A new short-lived token on every call. A call once the first connection's authentication has expired can
            // only be the reconnect's (the server closes no sooner): it is held until the test lets it go.
            AccessTokenProvider = async cancellationToken =>
            {
                if (host.Connections.For(user) is [{ ExpiresUtc: { } expires }, ..] && DateTimeOffset.UtcNow > expires)
                {
                    await reconnect.Task.WaitAsync(deadline.Token);
                }

                var token = host.TokenFor(user);
                handedOut.Enqueue((DateTimeOffset.UtcNow, token));
                return token;
            },
        };
        await using var streamer = StreamerClient.Create(options);
        var id = "expiry-" + Guid.NewGuid().ToString("N");
        var run = GatedTestRegistry.For(id);

        await using var request = await streamer.StartAsync(GatedTestAction.ActionName, new { chunks = 3 }, id, deadline.Token);
        var updates = new List<RequestProgress>();
        var reading = Task.Run(async () =>
        {
            await foreach (var update in request.Progress(deadline.Token))
            {
                updates.Add(update);
            }
        });
        var first = await host.Connections.WhenOpenedAsync(user, 1, deadline.Token);
        await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
        run.Release(0);

        // The server closes the connection once its token expired, and the client cannot reconnect yet: the request
        // ends meanwhile, and its last progress and `completed` reach no connection.
        var closed = await host.Connections.WhenClosedAsync(user, 1, deadline.Token);
        Assert.True(closed.ClosedAt >= first.ExpiresUtc, $"closed at {closed.ClosedAt:O}, before its authentication expired at {first.ExpiresUtc:O}");
        Assert.Null(closed.CloseError);
        run.Release(1);
        run.Release(2);
        using (var client = host.CreateClient(host.TokenFor(user, lifetime: TimeSpan.FromMinutes(5))))
        {
            Assert.Equal("Completed", (await StreamerApi.WaitUntilFinishedAsync(client, id, deadline.Token)).GetProperty("runtimeStatus").GetString());
        }

        Assert.False(request.WaitAsync(CancellationToken.None).IsCompleted, "the outcome was missed while the hub was down");
        reconnect.SetResult();

        // The reconnect negotiated with a token fresh from the provider, and its Subscribe brought the outcome.
        var output = await request.WaitAsync<GatedTestOutput>(deadline.Token);
        await reading;
        Assert.Equal(new GatedTestOutput(3), output);
        var second = await host.Connections.WhenOpenedAsync(user, 2, deadline.Token);
        Assert.True(second.ExpiresUtc > first.ExpiresUtc, $"the second connection's authentication expires at {second.ExpiresUtc:O}, not after the first's {first.ExpiresUtc:O}");
        Assert.Contains(handedOut, t => t.At > closed.ClosedAt && new JsonWebToken(t.Token).ValidTo > first.ExpiresUtc!.Value.UtcDateTime);
        Assert.Equal(100, updates[^1].Percentage);
        Assert.True(updates.Zip(updates.Skip(1)).All(pair => pair.Second.Sequence > pair.First.Sequence), "sequences strictly increase");
    }

    [Fact]
    public async Task Cancelling_RunAsync_cancels_the_request_which_ends_Canceled()
    {
        await using var streamer = Client("dotnet-cancel");
        using var deadline = new CancellationTokenSource(Deadline);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = streamer.RunAsync<GatedTestOutput>(GatedTestAction.ActionName, new { chunks = 2 }, new SynchronousProgress(p => started.TrySetResult(p.RequestId)), caller.Token);
        var id = await started.Task.WaitAsync(deadline.Token);
        await caller.CancelAsync();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Contains(id, canceled.Message, StringComparison.Ordinal);
        var ended = await Poll.UntilAsync(ct => streamer.GetStatusAsync(id, ct), status => status.IsTerminal, deadline.Token);
        Assert.Equal("Canceled", ended.RuntimeStatus);
    }

    [Fact]
    public async Task Refusals_map_to_StreamerRequestException_with_status_and_code()
    {
        await using var streamer = Client("dotnet-errors-" + Guid.NewGuid().ToString("N")[..6]);

        var invalid = await Assert.ThrowsAsync<StreamerRequestException>(() => streamer.StartAsync("echo_async", 5));
        Assert.Equal((400, "VALIDATION"), (invalid.Status, invalid.Code));
        Assert.Contains(invalid.Details, error => error.Field == "payload");

        var unknown = await Assert.ThrowsAsync<StreamerRequestException>(() => streamer.StartAsync("no_such_action", new { }));
        Assert.Equal((404, "NOT_FOUND"), (unknown.Status, unknown.Code));

        var id = "conflict-" + Guid.NewGuid().ToString("N");
        await using (await streamer.StartAsync("echo_async", new { a = 1 }, id))
        {
        }

        var conflict = await Assert.ThrowsAsync<StreamerRequestException>(() => streamer.StartAsync("echo_async", new { a = 2 }, id));
        Assert.Equal((409, "CONFLICT", id), (conflict.Status, conflict.Code, conflict.RequestId));

        var missing = await Assert.ThrowsAsync<StreamerRequestException>(() => streamer.GetStatusAsync("no-such-request"));
        Assert.Equal((404, "NOT_FOUND"), (missing.Status, missing.Code));
    }

    [Fact]
    public async Task Past_the_rate_limit_a_start_throws_RATE_LIMITED_with_Retry_After_and_is_not_retried()
    {
        await using var streamer = Client("dotnet-limit-" + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 0; i < StreamerAppFixture.RateLimitPermits; i++)
        {
            await streamer.RunAsync<JsonElement>("echo", new { i });
        }

        var limited = await Assert.ThrowsAsync<StreamerRequestException>(() => streamer.RunAsync<JsonElement>("echo", new { }));

        Assert.Equal((429, "RATE_LIMITED"), (limited.Status, limited.Code));
        Assert.True(limited.RetryAfterSeconds > 0);
    }

    private StreamerClient Client(string user)
    {
        var options = new StreamerClientOptions();
        Configure(options, user);
        return StreamerClient.Create(options);
    }

    private void Configure(StreamerClientOptions options, string user, TimeSpan? pollInterval = null)
    {
        var token = app.TokenFor(user);
        options.BaseAddress = app.BaseAddress;
        options.AccessTokenProvider = _ => ValueTask.FromResult<string?>(token);
        options.PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(200);
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool, so updates could arrive out of order: this reports inline.</summary>
    private sealed class SynchronousProgress(Action<RequestProgress> report) : IProgress<RequestProgress>
    {
        public SynchronousProgress(List<RequestProgress> updates)
            : this(update =>
            {
                lock (updates)
                {
                    updates.Add(update);
                }
            })
        {
        }

        public void Report(RequestProgress value) => report(value);
    }
}
