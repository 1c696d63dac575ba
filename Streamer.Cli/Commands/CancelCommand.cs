using Spectre.Console;
using Streamer.Client;

namespace Streamer.Cli.Commands;

/// <summary><c>streamer cancel &lt;id&gt;</c>: asks a running request to stop at its next chunk boundary.</summary>
internal sealed class CancelCommand(IAnsiConsole console, CliEnvironment environment) : StreamerCommand<RequestIdSettings>(console, environment)
{
    protected override async Task<int> ExecuteAsync(StreamerClient client, RequestIdSettings settings, CancellationToken cancellationToken)
    {
        var status = await client.CancelAsync(settings.Id, cancellationToken);
        if (settings.Json)
        {
            WriteJson(status);
        }
        else
        {
            Console.MarkupLineInterpolated($"Cancel requested for {status.Id}; it stops at its next chunk boundary.");
        }

        return ExitCodes.Completed;
    }
}
