using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Streamer.Client;

namespace Streamer.Cli.Commands;

/// <summary>
/// What every command shares: a client for <c>--url</c> and <c>--token</c> (or <c>$STREAMER_URL</c> and <c>$STREAMER_TOKEN</c>),
/// JSON output written as it is (never wrapped to the terminal's width), and refusals turned into exit codes.
/// </summary>
internal abstract class StreamerCommand<TSettings>(IAnsiConsole console, CliEnvironment environment) : AsyncCommand<TSettings>
    where TSettings : ApiSettings
{
    // Relaxed escaping: a terminal shows "+01:00", not "\u002B01:00"; nothing here is embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected IAnsiConsole Console { get; } = console;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = StreamerClient.Create(new StreamerClientOptions
            {
                BaseAddress = new Uri(settings.Url ?? environment.Get("STREAMER_URL") ?? "http://127.0.0.1:7071/"),
                AccessTokenProvider = _ => ValueTask.FromResult(settings.Token ?? environment.Get("STREAMER_TOKEN")),
            });
            return await ExecuteAsync(client, settings, cancellationToken);
        }
        catch (StreamerRequestException ex)
        {
            return Report(settings, ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C before the request was accepted: nothing was started that needs cancelling.
            Console.MarkupLine("[yellow]Canceled.[/]");
            return ExitCodes.Canceled;
        }
        catch (HttpRequestException ex)
        {
            Console.MarkupLineInterpolated($"[red]The API cannot be reached:[/] {ex.Message}");
            return ExitCodes.Unreachable;
        }
        catch (UriFormatException ex)
        {
            Console.MarkupLineInterpolated($"[red]--url is not a URL:[/] {ex.Message}");
            return ExitCodes.Usage;
        }
    }

    protected abstract Task<int> ExecuteAsync(StreamerClient client, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="value"/> as indented JSON, as it is.</summary>
    protected void WriteJson(object value)
    {
        Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, Indented));
        Console.Profile.Out.Writer.Flush();
    }

    private int Report(TSettings settings, StreamerRequestException ex)
    {
        // A refusal has an HTTP status; a request that ended badly does not (its status read answered 200).
        var exitCode = ex.Status is not null ? ExitCodes.Refused : ex.Code is "CANCELED" or "TERMINATED" ? ExitCodes.Canceled : ExitCodes.Failed;
        if (settings.Json)
        {
            WriteJson(new { id = ex.RequestId, error = new { ex.Code, ex.Message, ex.Status, details = ex.Details, ex.RetryAfterSeconds } });
            return exitCode;
        }

        Console.MarkupLineInterpolated($"[red]{ex.Code}[/]{(ex.Status is { } status ? $" ({status})" : string.Empty)}: {ex.Message}");
        foreach (var field in ex.Details)
        {
            Console.MarkupLineInterpolated($"  [yellow]{field.Field}[/] {field.Message}");
        }

        if (ex.RetryAfterSeconds is { } wait)
        {
            Console.MarkupLineInterpolated($"  retry after {wait} s");
        }

        return exitCode;
    }
}
