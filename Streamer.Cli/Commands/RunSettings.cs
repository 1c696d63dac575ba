using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Streamer.Cli.Commands;

/// <summary><c>streamer run &lt;action&gt; --payload &lt;json|@file&gt; [--id] [--detach]</c>.</summary>
internal sealed class RunSettings : ApiSettings
{
    [CommandArgument(0, "<action>")]
    [Description("The action to run, e.g. echo_async.")]
    public string Action { get; init; } = string.Empty;

    [CommandOption("-p|--payload <PAYLOAD>")]
    [Description("The payload: JSON, or @file to read it from a file (default: {}).")]
    public string? Payload { get; init; }

    [CommandOption("--id <ID>")]
    [Description("The request id (the idempotency key); default: a new one.")]
    public string? Id { get; init; }

    [CommandOption("-d|--detach")]
    [Description("Print the request id and exit once the request is accepted.")]
    public bool Detach { get; init; }

    public override ValidationResult Validate()
        => string.IsNullOrWhiteSpace(Action) ? ValidationResult.Error("Name the action to run.") : ValidationResult.Success();
}
