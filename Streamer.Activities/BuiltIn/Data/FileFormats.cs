namespace Streamer.Activities.BuiltIn.Data;

/// <summary>The output file formats and their content types.</summary>
internal static class FileFormats
{
    public const string Json = "json";
    public const string Csv = "csv";
    public const string Html = "html";

    public static string ContentType(string format) => format switch
    {
        Csv => Data.Csv.ContentType,
        Html => "text/html; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };
}
