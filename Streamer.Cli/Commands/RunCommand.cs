using System.Text.Json;
using Spectre.Console;
using Streamer.Client;

namespace Streamer.Cli.Commands;

/// <summary>Starts a request and, unless <c>--detach</c>, follows it to its end with a live progress bar; Ctrl+C cancels it.</summary>
internal sealed class RunCommand(IAnsiConsole console, CliEnvironment environment) : StreamerCommand<RunSettings>(console, environment)
{
    protected override async Task<int> ExecuteAsync(StreamerClient client, RunSettings settings, CancellationToken cancellationToken)
    {
        if (PayloadArgument.Read(settings.Payload) is not { } payload)
        {
            Console.MarkupLine("[red]--payload must be JSON, or @file naming a file of JSON.[/]");
            return ExitCodes.Usage;
        }

        await using var request = await client.StartAsync(settings.Action, payload, settings.Id, cancellationToken);
        if (settings.Detach)
        {
            if (settings.Json)
            {
                WriteJson(new { id = request.Id, action = request.Action });
            }
            else
            {
                Console.WriteLine(request.Id);
            }

            return ExitCodes.Completed;
        }

        try
        {
            var output = settings.Json || !Console.Profile.Capabilities.Interactive
                ? await request.WaitAsync(cancellationToken)
                : await FollowWithProgressBarAsync(request, cancellationToken);
            if (settings.Json)
            {
                WriteJson(new { id = request.Id, runtimeStatus = "Completed", output });
            }
            else
            {
                Console.MarkupLineInterpolated($"[green]Completed[/] {request.Id}");
                WriteJson(output);
            }

            return ExitCodes.Completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await request.TryCancelAsync();
            Console.MarkupLineInterpolated($"[yellow]Canceled[/] {request.Id}: asked to stop at its next chunk boundary.");
            return ExitCodes.Canceled;
        }
    }

    private async Task<JsonElement> FollowWithProgressBarAsync(StreamerRequest request, CancellationToken cancellationToken)
    {
        JsonElement output = default;
        await Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape($"{request.Action} {request.Id}"), maxValue: 100);
                var waiting = request.WaitAsync(cancellationToken);
                await foreach (var update in request.Progress(cancellationToken))
                {
                    bar.Value = update.Percentage;
                    bar.Description = Markup.Escape(update.Message);
                }

                output = await waiting;
                bar.Value = 100;
            });
        return output;
    }
}
