using System.Text.Json;

namespace Streamer.Cli.Commands;

/// <summary><c>--payload</c>: JSON as given, or <c>@path</c> for a file's JSON; null when it is neither.</summary>
internal static class PayloadArgument
{
    public static JsonElement? Read(string? argument)
    {
        var text = argument switch
        {
            null or "" => "{}",
            ['@', .. var path] => File.Exists(path) ? File.ReadAllText(path) : null,
            _ => argument,
        };
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonElement.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
