namespace Streamer.Activities.BuiltIn;

/// <summary>
/// What one request of a built-in action may make a host hold at once, and the limits that keep it there: no request
/// the API accepts should make a host hold more than about <see cref="RequestBytes"/> for it (issue 18). A payload is at
/// most 1 MiB of JSON (<c>Streamer:MaxPayloadBytes</c>); the limits below bound what it can expand to, and reads of stored
/// data, whose size no payload decides, go a page at a time.
/// </summary>
/// <remarks>
/// <para>Per action, with the arithmetic (a "chunk" is one activity; up to four chunks of a request run at once):</para>
/// <list type="bullet">
/// <item><description><c>echo</c>, <c>echo_async</c>: the output is the payload, ≤ 1 MiB; nothing to add.</description></item>
/// <item><description><c>bulk_operation</c>: a chunk holds its ≤ 100 items and one table transaction of them, and the output
/// lists ≤ 1,000 failures. Chunks refer to the payload, which a host reads once (docs/cost.md), so the chunk count adds
/// nothing a host holds: the item limit (10,000) is the limit.</description></item>
/// <item><description><c>process_data</c>: sizes are computed at start, through the pipeline, as the bytes each row takes
/// written (the larger of its JSON and, for CSV, its line with every column). A row is ≤ <see cref="ProcessDataRowBytes"/>;
/// the preview keeps ≤ <see cref="ProcessDataPreviewBytes"/>; a write chunk reads its share (≤ 1,000 rows) a line at a time
/// into rows ≤ <see cref="ProcessDataChunkBytes"/> of JSON (about 1.5× that as objects: 24 MiB); the file is
/// ≤ <see cref="ProcessDataOutputBytes"/> and no chunk holds it. The prepare chunk holds the input and the result's rows, whose
/// values are shared, not copied per row (a payload's 1 MiB parses to a few MiB), and stages one share at a time, a line at a
/// time. A stored input is read whole (sorts and groups need every row): ≤ <see cref="ProcessDataStoredInputBytes"/> of
/// JSON, about twice that parsed.</description></item>
/// <item><description><c>export_data</c>: a chunk (one month) streams rows from the table, a day at a time in date then id
/// order, into blocks of the file: it holds one page of rows (≤ <see cref="StoredRowsPerPage"/> records of ≤ 30,000
/// characters: ≈ 12 MiB while the storage client reads it) and one block (≈ 1 M characters and its bytes in one reused
/// array: ≈ 5 MiB): four chunks at once ≤ 68 MiB, whatever the data set's size.</description></item>
/// <item><description><c>generate_report</c>: ≤ 366 periods (a range of ≤ 366 days, periods of ≥ 1 day), a few hundred bytes of
/// statistics each, so finalize holds &lt; 1 MiB; a chunk streams its period's rows a page at a time (without their fields
/// when the report only counts) into a constant-size accumulator: four chunks at once ≤ 48 MiB.</description></item>
/// </list>
/// <para>
/// Measured (bench figure <c>memory</c>, BENCHMARKS.md): the largest accepted request of each action raises a host's peak
/// resident memory by about 50–120 MiB, of which about 70 MiB was, before payloads were stored once (docs/cost.md), what any
/// asynchronous request with a 1 MiB payload cost.
/// </para>
/// </remarks>
internal static class MemoryBudget
{
    /// <summary>The most one request should make a host hold at once: 100 MiB.</summary>
    public const long RequestBytes = 100 * Mebibyte;

    /// <summary>The most of its result rows <c>process_data</c> previews in its output (at most 10 rows): 1 MiB, kept in the request's history and output.</summary>
    public const long ProcessDataPreviewBytes = 1 * Mebibyte;

    /// <summary>The largest <c>process_data</c> result row, as JSON (or as its CSV line, when larger): 1 MiB, as large as a whole payload.</summary>
    public const long ProcessDataRowBytes = 1 * Mebibyte;

    /// <summary>The most one <c>process_data</c> write chunk's share of the result may take: 16 MiB (1,000 rows of 16 KiB).</summary>
    public const long ProcessDataChunkBytes = 16 * Mebibyte;

    /// <summary>
    /// The largest <c>process_data</c> result, the file it writes: 64 MiB, 64 times the largest payload. No chunk holds it
    /// whole (each stages and writes its own share), but every byte is staged, read back and written once more, and a
    /// client downloads the file in one piece; 10,000 records × 6.7 KB fit, the 10,000 × 10 KB does not.
    /// </summary>
    public const long ProcessDataOutputBytes = 64 * Mebibyte;

    /// <summary>The most stored records (as JSON) <c>process_data</c> reads from a data set: 16 MiB, held whole while the pipeline runs.</summary>
    public const long ProcessDataStoredInputBytes = 16 * Mebibyte;

    /// <summary>
    /// Rows per page when a chunk reads records with their fields: 50. A record holds ≤ 30,000 characters of fields, which
    /// the table's JSON escapes to ≤ 60 KB, so a page is ≤ 3 MB on the wire and about four times that while the storage client
    /// buffers, parses and copies it into strings: ≈ 12 MiB, for each of the four chunks that read at once.
    /// </summary>
    public const int StoredRowsPerPage = 50;

    private const long Mebibyte = 1024 * 1024;
}
