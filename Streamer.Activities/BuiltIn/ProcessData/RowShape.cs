namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>
/// The sizes of <see cref="Count"/> result rows alike: their id's and each field's, without the values themselves, which is
/// what <see cref="ResultSizeEstimate"/> carries through a pipeline.
/// </summary>
/// <param name="IdBytes">The id as a written JSON string, quotes included.</param>
/// <param name="Fields">Each field other than id and date, by name.</param>
/// <param name="Count">How many rows have this shape.</param>
internal sealed record RowShape(long IdBytes, Dictionary<string, ValueSize> Fields, long Count)
{
    /// <summary>
    /// <c>{"id":</c> (6), <c>,"date":</c> (8), a date in quotes (12), <c>}</c> (1) and the <c>,\n</c> (2) between rows of a
    /// JSON file: every field adds its comma and colon (2), its name and its value.
    /// </summary>
    private const long JsonFraming = 6 + 8 + 12 + 1 + 2;

    /// <summary>A date's CSV cell (yyyy-MM-dd).</summary>
    private const long DateCell = 10;

    /// <summary>The size of one such row as JSON.</summary>
    public long JsonBytes(Func<string, long> nameBytes)
    {
        var total = JsonFraming + IdBytes;
        foreach (var (name, size) in Fields)
        {
            total += 2 + nameBytes(name) + size.Json;
        }

        return total;
    }

    /// <summary>The size of one such row as a CSV line of <paramref name="columns"/> cells (its id's, its date's, its fields', empty ones for the rest), commas and CRLF.</summary>
    public long CsvBytes(int columns)
    {
        var total = IdBytes + 1 + DateCell + (columns - 1) + 2;
        foreach (var size in Fields.Values)
        {
            total += size.Csv;
        }

        return total;
    }
}
