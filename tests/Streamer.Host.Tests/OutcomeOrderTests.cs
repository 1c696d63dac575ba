using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>A request's outcome is recorded before it is announced: the first status read after the message already shows it.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class OutcomeOrderTests(StreamerAppFixture app)
{
    private const int Requests = 12;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_first_status_read_after_completed_answers_200_with_the_same_output_every_time()
    {
        var token = app.TokenFor("order-user-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = app.CreateClient(token);
        using var deadline = new CancellationTokenSource(Deadline);
        var reads = new ConcurrentDictionary<string, Task<(HttpStatusCode Status, JsonElement Body, JsonElement Message)>>();
        await using var hub = app.CreateHubConnection(token);
        hub.On<JsonElement>("completed", message =>
        {
            // Read at once, from the handler that received the message, as a client reacting to it would.
            var id = message.GetProperty("requestId").GetString()!;
            reads[id] = ReadStatusAsync(client, id, message, deadline.Token);
        });
        await hub.StartAsync(deadline.Token);

        var ids = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            using var response = await client.PostAsJsonAsync("api/requests", new { action = "echo_async", payload = new { n = i } }, deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("requestId").GetString()!;
        }));
        await Poll.UntilAsync(_ => Task.FromResult(ids.All(reads.ContainsKey)), all => all, deadline.Token);

        foreach (var id in ids)
        {
            var (status, body, message) = await reads[id];
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Completed", body.GetProperty("runtimeStatus").GetString());
            Assert.Equal(message.GetProperty("output").GetRawText(), body.GetProperty("output").GetRawText());
        }
    }

    [Fact]
    public async Task The_first_status_read_after_failed_answers_200_with_the_same_error()
    {
        var token = app.TokenFor("order-fail-user-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = app.CreateClient(token);
        using var deadline = new CancellationTokenSource(Deadline);
        var read = new TaskCompletionSource<Task<(HttpStatusCode Status, JsonElement Body, JsonElement Message)>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = app.CreateHubConnection(token);
        hub.On<JsonElement>("failed", message =>
        {
            read.TrySetResult(ReadStatusAsync(client, message.GetProperty("requestId").GetString()!, message, deadline.Token));
        });
        await hub.StartAsync(deadline.Token);

        // A data set the caller does not have: the request starts, then fails with VALIDATION in its first activity.
        var payload = new { report_type = "monthly", dataset = "missing" + Guid.NewGuid().ToString("N")[..6], date_range = new { start = "2024-01-01", end = "2024-03-31" } };
        using var response = await client.PostAsJsonAsync("api/requests", new { action = "generate_report", payload }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var (status, body, message) = await (await read.Task.WaitAsync(deadline.Token));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Failed", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal(message.GetProperty("error").GetProperty("code").GetString(), body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(message.GetProperty("error").GetProperty("message").GetString(), body.GetProperty("error").GetProperty("message").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, JsonElement Message)> ReadStatusAsync(HttpClient client, string requestId, JsonElement message, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), cancellationToken);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken), message);
    }
}
