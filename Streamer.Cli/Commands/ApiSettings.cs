using System.ComponentModel;
using Spectre.Console.Cli;

namespace Streamer.Cli.Commands;

/// <summary>Where the API is and who calls it; every command takes these.</summary>
internal class ApiSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("The host's base address (default: $STREAMER_URL, else http://127.0.0.1:7071/).")]
    public string? Url { get; init; }

    [CommandOption("--token <TOKEN>")]
    [Description("The bearer token (default: $STREAMER_TOKEN).")]
    public string? Token { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON document instead of text, for scripts.")]
    public bool Json { get; init; }
}
