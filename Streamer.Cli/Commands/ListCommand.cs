using Spectre.Console;
using Streamer.Client;

namespace Streamer.Cli.Commands;

/// <summary><c>streamer list</c>: the caller's requests, newest first.</summary>
internal sealed class ListCommand(IAnsiConsole console, CliEnvironment environment) : StreamerCommand<ListSettings>(console, environment)
{
    protected override async Task<int> ExecuteAsync(StreamerClient client, ListSettings settings, CancellationToken cancellationToken)
    {
        var statuses = settings.Status?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var page = await client.ListAsync(statuses, settings.Top, cancellationToken: cancellationToken);
        if (settings.Json)
        {
            WriteJson(page);
        }
        else
        {
            RequestTable.Write(Console, page.Items);
        }

        return ExitCodes.Completed;
    }
}
