using System.ComponentModel;
using Spectre.Console.Cli;

namespace Streamer.Cli.Commands;

/// <summary><c>streamer list [--status S,...] [--top N]</c>.</summary>
internal sealed class ListSettings : ApiSettings
{
    [CommandOption("--status <STATUSES>")]
    [Description("Only requests in these runtime statuses, comma-separated (e.g. Running,Failed).")]
    public string? Status { get; init; }

    [CommandOption("--top <N>")]
    [Description("At most this many (1-100; default 20).")]
    public int? Top { get; init; }
}
