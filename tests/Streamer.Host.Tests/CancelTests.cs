using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Activities.Tasks;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>Cooperative cancel (DESIGN §4.1): the request stops at the chunk boundary and ends as <c>Canceled</c>.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class CancelTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cancel_mid_run_cancels_the_running_chunk_runs_no_further_chunk_and_ends_Canceled()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var token = app.TokenFor("cancel-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = app.CreateClient(token);
        await using var hub = app.CreateHubConnection(token);
        var outcomes = Channel.CreateUnbounded<(string Method, JsonElement Body)>();
        hub.On<JsonElement>("completed", m => { outcomes.Writer.TryWrite(("completed", m)); });
        hub.On<JsonElement>("failed", m => { outcomes.Writer.TryWrite(("failed", m)); });
        await hub.StartAsync(deadline.Token);
        var requestId = "cancel-" + Guid.NewGuid().ToString("N");
        var run = GatedTestRegistry.For(requestId);

        try
        {
            var accepted = await StreamerApi.StartGatedAsync(client, requestId, chunks: 4, deadline.Token);
            await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
            run.Release(0);
            await run.WhenAsync(1, GatedChunkEvent.Started, deadline.Token);

            using var cancel = await client.PostAsync(new Uri($"api/requests/{requestId}/cancel", UriKind.Relative), null, deadline.Token);

            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            Assert.NotNull(cancel.Headers.Location);
            Assert.NotNull(cancel.Headers.RetryAfter);
            await run.WhenAsync(1, GatedChunkEvent.Canceled, deadline.Token);

            var status = await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);
            Assert.Equal("Canceled", status.GetProperty("runtimeStatus").GetString());
            Assert.Equal("CANCELED", status.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal(JsonValueKind.Null, status.GetProperty("output").ValueKind);

            var (method, message) = await outcomes.Reader.ReadAsync(deadline.Token);
            Assert.Equal("failed", method);
            Assert.Equal(requestId, message.GetProperty("requestId").GetString());
            Assert.Equal("CANCELED", message.GetProperty("error").GetProperty("code").GetString());

            // Exactly chunks 0 and 1 ran: 0 finished, 1 saw its token; the orchestrator scheduled nothing after the cancel.
            Assert.Equal(
                [(0, GatedChunkEvent.Started), (0, GatedChunkEvent.Finished), (1, GatedChunkEvent.Started), (1, GatedChunkEvent.Canceled)],
                run.Events);
            var scheduledChunks = await ScheduledChunkCountAsync(accepted.GetProperty("id").GetString()!, deadline.Token);
            Assert.Equal(2, scheduledChunks);
        }
        finally
        {
            for (var chunk = 0; chunk < 4; chunk++)
            {
                run.Release(chunk);
            }
        }

        Assert.False(outcomes.Reader.TryRead(out var extra), $"an extra {extra.Method} message arrived");
    }

    [Fact]
    public async Task Cancel_before_the_first_chunk_finishes_and_after_completion()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var client = app.CreateClient(app.TokenFor("cancel-" + Guid.NewGuid().ToString("N")[..12]));
        var canceledId = "cancel-" + Guid.NewGuid().ToString("N");
        var completedId = "cancel-" + Guid.NewGuid().ToString("N");
        var canceled = GatedTestRegistry.For(canceledId);
        var completed = GatedTestRegistry.For(completedId);
        try
        {
            await StreamerApi.StartGatedAsync(client, canceledId, chunks: 2, deadline.Token);
            await StreamerApi.StartGatedAsync(client, completedId, chunks: 1, deadline.Token);
            await canceled.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
            completed.Release(0);

            using var cancel = await client.PostAsync(new Uri($"api/requests/{canceledId}/cancel", UriKind.Relative), null, deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            await canceled.WhenAsync(0, GatedChunkEvent.Canceled, deadline.Token);
            var status = await StreamerApi.WaitUntilFinishedAsync(client, canceledId, deadline.Token);
            Assert.Equal("Canceled", status.GetProperty("runtimeStatus").GetString());
            Assert.Equal([0], canceled.StartedChunks);

            var done = await StreamerApi.WaitUntilFinishedAsync(client, completedId, deadline.Token);
            Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
            foreach (var finishedId in new[] { completedId, canceledId })
            {
                using var late = await client.PostAsync(new Uri($"api/requests/{finishedId}/cancel", UriKind.Relative), null, deadline.Token);
                await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict, "CONFLICT");
            }

            var unchanged = await StreamerApi.WaitUntilFinishedAsync(client, completedId, deadline.Token);
            Assert.Equal("Completed", unchanged.GetProperty("runtimeStatus").GetString());
            Assert.Equal(done.GetProperty("output").GetRawText(), unchanged.GetProperty("output").GetRawText());
        }
        finally
        {
            canceled.Release(0);
            canceled.Release(1);
            completed.Release(0);
        }
    }

    private async Task<int> ScheduledChunkCountAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var management = app.CreateManagementClient();
        using var response = await management.GetAsync(new Uri($"runtime/webhooks/durabletask/instances/{instanceId}?showHistory=true", UriKind.Relative), cancellationToken);
        var status = await ProblemAssert.JsonAsync(response);
        return status.GetProperty("historyEvents").EnumerateArray().Count(e =>
            (e.TryGetProperty("FunctionName", out var name) || e.TryGetProperty("Name", out name)) && name.GetString() == RequestTaskNames.RunChunk);
    }
}
