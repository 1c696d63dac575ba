using Spectre.Console;
using Streamer.Client;

namespace Streamer.Cli.Commands;

/// <summary><c>streamer status &lt;id&gt;</c>: a request's state; exits by its outcome once it has one.</summary>
internal sealed class StatusCommand(IAnsiConsole console, CliEnvironment environment) : StreamerCommand<RequestIdSettings>(console, environment)
{
    protected override async Task<int> ExecuteAsync(StreamerClient client, RequestIdSettings settings, CancellationToken cancellationToken)
    {
        var status = await client.GetStatusAsync(settings.Id, cancellationToken);
        if (settings.Json)
        {
            WriteJson(status);
        }
        else
        {
            RequestTable.Write(Console, [status]);
            if (status.Error is { } error)
            {
                Console.MarkupLineInterpolated($"[red]{error.Code}[/]: {error.Message}");
            }
        }

        return ExitCodes.For(status.RuntimeStatus);
    }
}
