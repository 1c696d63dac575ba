using System.ComponentModel;
using Spectre.Console.Cli;

namespace Streamer.Cli.Commands;

/// <summary>The settings of <c>status</c> and <c>cancel</c>: one request id.</summary>
internal sealed class RequestIdSettings : ApiSettings
{
    [CommandArgument(0, "<id>")]
    [Description("The request id.")]
    public string Id { get; init; } = string.Empty;
}
