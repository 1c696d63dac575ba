namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>The bytes one value takes in a result: as written JSON, and as a CSV cell.</summary>
/// <param name="Json">Its JSON (a row's staged and stored form, and the JSON file's).</param>
/// <param name="Csv">Its CSV cell, at most.</param>
internal readonly record struct ValueSize(long Json, long Csv)
{
    /// <summary>A JSON null: 4 bytes of JSON, an empty cell.</summary>
    public static ValueSize Null { get; } = new(4, 0);

    /// <summary>The larger of two sizes, part by part.</summary>
    public static ValueSize Max(ValueSize a, ValueSize b) => new(Math.Max(a.Json, b.Json), Math.Max(a.Csv, b.Csv));
}
