using System.Globalization;
using Spectre.Console;
using Streamer.Client;

namespace Streamer.Cli.Commands;

/// <summary>Requests as a table: id, action, status, progress, created.</summary>
internal static class RequestTable
{
    public static void Write(IAnsiConsole console, IEnumerable<RequestStatus> requests)
    {
        var table = new Table().AddColumns("id", "action", "status", "progress", "created");
        foreach (var request in requests)
        {
            table.AddRow(
                Markup.Escape(request.Id),
                Markup.Escape(request.Action),
                Markup.Escape(request.RuntimeStatus),
                request.Progress is { } progress ? Markup.Escape($"{progress.Percentage.ToString("0", CultureInfo.InvariantCulture)} % {progress.Message}") : string.Empty,
                request.CreatedTime.ToString("u", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}
