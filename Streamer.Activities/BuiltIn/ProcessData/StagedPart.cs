using System.Buffers;
using System.Text;
using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>
/// One write chunk's share of the pipeline's result, as the prepare chunk stages it (a blob in the work container): JSON
/// lines, a header <c>{"start":…,"columns":[…]}</c> and then one row a line, written and read a row at a time so that
/// neither side builds the whole share as one text.
/// </summary>
/// <param name="Start">The position of its first row in the whole result (the JSON file puts no comma before row 0).</param>
/// <param name="Columns">The whole result's columns, which every CSV line lists.</param>
/// <param name="Rows">Its rows.</param>
internal sealed record StagedPart(int Start, IReadOnlyList<string> Columns, IReadOnlyList<DataRow> Rows)
{
    private static readonly byte[] LineFeed = "\n"u8.ToArray();

    /// <summary>Writes the share a line at a time; the stream is flushed only when its writer closes it.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        // Each line goes through a small buffer of its own: flushing a writer bound to the stream would flush the blob
        // stream too, which stages a block for every row.
        var line = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(line);
        writer.WriteStartObject();
        writer.WriteNumber("start", Start);
        writer.WriteStartArray("columns");
        foreach (var column in Columns)
        {
            writer.WriteStringValue(column);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await WriteLineAsync(writer, line, stream, cancellationToken);
        foreach (var row in Rows)
        {
            row.WriteTo(writer);
            await WriteLineAsync(writer, line, stream, cancellationToken);
        }
    }

    public static async Task<StagedPart> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var header = await reader.ReadLineAsync(cancellationToken) ?? throw new JsonException("A staged part has no header.");
        int start;
        List<string> columns;
        using (var document = JsonDocument.Parse(header))
        {
            start = document.RootElement.GetProperty("start").GetInt32();
            columns = [.. document.RootElement.GetProperty("columns").EnumerateArray().Select(column => column.GetString()!)];
        }

        var rows = new List<DataRow>();
        while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            using var document = JsonDocument.Parse(line);
            rows.Add(DataRow.FromJson(document.RootElement));
        }

        return new StagedPart(start, columns, rows);
    }

    /// <summary>Ends the value just written with a line feed (compact JSON has none inside), and readies the writer for the next.</summary>
    private static async Task WriteLineAsync(Utf8JsonWriter writer, ArrayBufferWriter<byte> line, Stream stream, CancellationToken cancellationToken)
    {
        writer.Flush();
        await stream.WriteAsync(line.WrittenMemory, cancellationToken);
        await stream.WriteAsync(LineFeed, cancellationToken);
        line.ResetWrittenCount();
        writer.Reset(line);
    }
}
