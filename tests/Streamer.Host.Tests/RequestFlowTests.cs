using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

[Collection(StreamerAppCollection.Name)]
public sealed class RequestFlowTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Echo_answers_200_synchronously_with_the_payload()
    {
        using var client = app.CreateClient(app.TokenFor("echo-user"));

        var response = await client.PostAsJsonAsync("api/requests", new { action = "echo", payload = new { hello = "world", n = 3 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("processedSync").GetBoolean());
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("echo", body.GetProperty("action").GetString());
        Assert.Equal("world", body.GetProperty("data").GetProperty("echo").GetProperty("hello").GetString());
        Assert.Equal(3, body.GetProperty("data").GetProperty("echo").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Echo_async_answers_202_then_streams_progress_then_completed_and_status_has_the_output()
    {
        var token = app.TokenFor("async-user-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = app.CreateClient(token);
        await using var hub = app.CreateHubConnection(token);
        var messages = Channel.CreateUnbounded<(string Method, JsonElement Body)>();
        hub.On<JsonElement>("progress", m => { messages.Writer.TryWrite(("progress", m)); });
        hub.On<JsonElement>("completed", m => { messages.Writer.TryWrite(("completed", m)); });
        hub.On<JsonElement>("failed", m => { messages.Writer.TryWrite(("failed", m)); });
        using var deadline = new CancellationTokenSource(Deadline);
        await hub.StartAsync(deadline.Token);

        var response = await client.PostAsJsonAsync("api/requests", new { action = "echo_async", payload = new { note = "hi" } }, deadline.Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        Assert.NotNull(response.Headers.RetryAfter);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
        var requestId = accepted.GetProperty("requestId").GetString()!;
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        Assert.EndsWith("/api/negotiate", accepted.GetProperty("negotiateUri").GetString(), StringComparison.Ordinal);

        var sequences = new List<long>();
        var percentages = new List<double>();
        JsonElement completed;
        while (true)
        {
            var (method, body) = await messages.Reader.ReadAsync(deadline.Token);
            Assert.Equal(requestId, body.GetProperty("requestId").GetString());
            Assert.NotEqual("failed", method);
            if (method == "completed")
            {
                completed = body;
                break;
            }

            sequences.Add(body.GetProperty("sequence").GetInt64());
            percentages.Add(body.GetProperty("percentage").GetDouble());
        }

        Assert.NotEmpty(sequences);
        Assert.All(sequences.Zip(sequences.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"sequence went {pair.First} → {pair.Second}"));
        Assert.All(percentages.Zip(percentages.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"percentage went {pair.First} → {pair.Second}"));
        Assert.Equal(100, percentages[^1]);
        Assert.Equal("hi", completed.GetProperty("output").GetProperty("echo").GetProperty("note").GetString());

        var status = await PollUntilFinishedAsync(client, requestId, deadline.Token);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(completed.GetProperty("output").GetRawText(), status.GetProperty("output").GetRawText());
        Assert.Equal(100, status.GetProperty("progress").GetProperty("percentage").GetDouble());
    }

    private static async Task<JsonElement> PollUntilFinishedAsync(HttpClient client, string requestId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await client.GetAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
