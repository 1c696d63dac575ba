using System.Text.Json;
using Spectre.Console.Testing;
using Streamer.Cli;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.ClientLibraries;

/// <summary>The <c>streamer</c> command line against the live host, run in process on a recording console.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class CliTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_follows_a_request_to_its_end_and_prints_its_output_as_json()
    {
        var (exit, output) = await RunAsync("cli-run", "run", "echo_async", "--payload", """{"hello":"terminal"}""", "--json");

        Assert.Equal(0, exit);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Completed", result.GetProperty("runtimeStatus").GetString());
        Assert.Equal("terminal", result.GetProperty("output").GetProperty("echo").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Run_reads_the_payload_from_a_file_and_says_completed_in_text()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"from":"file"}""");
        try
        {
            var (exit, output) = await RunAsync("cli-file", "run", "echo_async", "--payload", "@" + file);

            Assert.Equal(0, exit);
            Assert.Contains("Completed", output, StringComparison.Ordinal);
            Assert.Contains("\"from\": \"file\"", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Detach_then_status_cancel_and_list_work_on_the_request()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var id = "cli-" + Guid.NewGuid().ToString("N");
        var run = GatedTestRegistry.For(id);

        var (started, startOutput) = await RunAsync("cli-detach", "run", GatedTestAction.ActionName, "--payload", """{"chunks":2}""", "--id", id, "--detach");
        Assert.Equal(0, started);
        Assert.Equal(id, startOutput.Trim());
        await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);

        var (listed, listOutput) = await RunAsync("cli-detach", "list", "--json");
        Assert.Equal(0, listed);
        Assert.Contains(JsonDocument.Parse(listOutput).RootElement.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == id);

        Assert.Equal(0, (await RunAsync("cli-detach", "cancel", id)).Exit);
        var (exit, status) = await Poll.UntilAsync(
            _ => RunAsync("cli-detach", "status", id, "--json"),
            answer => JsonDocument.Parse(answer.Output).RootElement.GetProperty("runtimeStatus").GetString() == "Canceled",
            deadline.Token);
        Assert.Equal(2, exit);
        Assert.Equal("CANCELED", JsonDocument.Parse(status).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(new[] { "run", "no_such_action" }, 3, "NOT_FOUND")]
    [InlineData(new[] { "run", "echo_async", "--payload", "5" }, 3, "VALIDATION")]
    [InlineData(new[] { "status", "no-such-request" }, 3, "NOT_FOUND")]
    [InlineData(new[] { "run", "echo", "--payload", "{not json" }, 64, "--payload must be JSON")]
    public async Task Refusals_and_bad_arguments_exit_with_their_code_and_say_why(string[] args, int exitCode, string said)
    {
        var (exit, output) = await RunAsync("cli-errors", args);

        Assert.Equal(exitCode, exit);
        Assert.Contains(said, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_API_refuses_as_unauthorized()
    {
        var console = new TestConsole().Width(400);
        var environment = new CliEnvironment(name => name == "STREAMER_URL" ? app.BaseAddress.AbsoluteUri : null);

        var exit = await StreamerCli.RunAsync(["list"], console, environment, CancellationToken.None);

        Assert.Equal(3, exit);
        Assert.Contains("UNAUTHORIZED", console.Output, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output)> RunAsync(string user, params string[] args)
    {
        var console = new TestConsole().Width(400);
        var token = app.TokenFor(user);
        var environment = new CliEnvironment(name => name switch
        {
            "STREAMER_URL" => app.BaseAddress.AbsoluteUri,
            "STREAMER_TOKEN" => token,
            _ => null,
        });
        using var deadline = new CancellationTokenSource(Deadline);
        var exit = await StreamerCli.RunAsync(args, console, environment, deadline.Token);
        return (exit, console.Output);
    }
}
