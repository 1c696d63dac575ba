using System.Globalization;
using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.GenerateReport;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.ExportData;

/// <summary>
/// <c>export_data</c>: queries the records of one of the caller's data sets dated within a range and streams them
/// as CSV (sorted by date, then id) into Blob storage, never holding more than a page of them; the output has a
/// download link valid for 24 hours.
/// </summary>
/// <remarks>
/// One chunk per calendar month of the range, up to four at once. Each stages its rows as blocks of the file with
/// ids fixed by its position, and finalize commits the header and every chunk's blocks in order: a retried chunk
/// replaces its own blocks, so the file never holds a row twice.
/// </remarks>
public sealed class ExportDataHandler(BuiltInStorage storage) : ActionHandler<ExportDataPayload, ExportDataChunk, ExportDataChunkResult, ExportDataOutput>
{
    private const int MaxColumns = 200;
    private const int ProgressEveryRows = 1_000;

    // Reads the data set process_data's example writes.
    private static readonly JsonElement ExamplePayload = JsonElement.Parse("""
        {
          "dataset": "sample_sales",
          "date_range": { "start": "2024-01-01", "end": "2024-03-31" },
          "columns": [ "id", "date", "region", "amount" ],
          "format": "csv"
        }
        """);

    /// <inheritdoc />
    public override string Name => "export_data";

    /// <inheritdoc />
    public override JsonElement? Example => ExamplePayload;

    /// <inheritdoc />
    public override ChunkExecution Execution => ChunkExecution.Parallel(4);

    /// <inheritdoc />
    protected override void Validate(ExportDataPayload payload, PayloadErrors errors)
    {
        DataRules.DataSetName(payload.Dataset, "dataset", errors);
        DataRules.Range(payload.DateRange, "date_range", errors);
        if (payload.Columns is not null)
        {
            DataRules.FieldNames(payload.Columns, "columns", MaxColumns, errors);
        }

        errors.OneOf(payload.Format, [FileFormats.Csv], "format");
    }

    /// <summary>Every slice is a storage query and a block upload, so exports always run as a durable request at the default threshold.</summary>
    protected override TimeSpan EstimateDuration(ExportDataPayload payload)
        => TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(20 * payload.DateRange.Days);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<ExportDataChunk>> PlanAsync(ActionRequest request, ExportDataPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dataSet = await storage.DataSets.FindAsync(request.Owner.Key, payload.Dataset, cancellationToken)
            ?? throw new PayloadRejectedException($"payload.dataset: no data set named '{payload.Dataset}' exists for this user; create one with process_data's 'output_dataset', or use the built-in sample data set '{SampleDataSet.Name}'");
        IReadOnlyList<string> columns = payload.Columns ?? [DataRow.IdField, DataRow.DateField, .. dataSet.Columns];
        return [.. ReportPeriods.Split(ReportPeriods.Monthly, payload.DateRange).Select((month, i) => new ExportDataChunk(i, month.Start, month.End, columns))];
    }

    /// <inheritdoc />
    protected override async Task<ExportDataChunkResult> ProcessChunkAsync(ExportDataPayload payload, ExportDataChunk chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(context);
        var month = chunk.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        context.Progress.Report(0, $"{month}: exporting", stage: "exporting");

        // Streamed from the table into the file's blocks, already in date and then id order, so a month of any size holds
        // one page of rows and one block (MemoryBudget), and a retried slice writes the same blocks.
        var writer = new BlockWriter(storage.Files, storage.Files.Blob(context.Request.Owner.Key, Name, context.Request.RequestId, FileFormats.Csv), chunk.Index);
        var rows = 0;
        var days = chunk.End.DayNumber - chunk.Start.DayNumber + 1;
        await foreach (var row in storage.DataSets.QueryInDateOrderAsync(context.Request.Owner.Key, payload.Dataset, chunk.Start, chunk.End, cancellationToken))
        {
            Csv.AppendRow(writer.Buffer, row, chunk.Columns);
            await writer.FlushIfFullAsync(cancellationToken);
            if (++rows % ProgressEveryRows == 0)
            {
                // Progress by the day reached: the number of rows to come is not known.
                var day = row.Date.DayNumber - chunk.Start.DayNumber + 1;
                context.Progress.Report(100.0 * day / (days + 1), string.Create(CultureInfo.InvariantCulture, $"{month}: wrote {rows} row(s), up to {row.DateText}"));
            }
        }

        var blocks = await writer.CompleteAsync(cancellationToken);
        return new ExportDataChunkResult(rows, writer.Bytes, blocks, chunk.Columns);
    }

    /// <inheritdoc />
    protected override async Task<ExportDataOutput> FinalizeAsync(ActionRequest request, ExportDataPayload payload, IAsyncEnumerable<ExportDataChunkResult> chunkResults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(chunkResults);
        IReadOnlyList<string>? columns = null;
        var rows = 0;
        List<string> blocks = [BlockIds.Head];
        await foreach (var slice in chunkResults.WithCancellation(cancellationToken))
        {
            columns ??= slice.Columns;
            rows += slice.Rows;
            blocks.AddRange(slice.BlockIds);
        }

        if (columns is null)
        {
            throw new InvalidOperationException("export_data planned no slices.");
        }

        var blob = storage.Files.Blob(request.Owner.Key, Name, request.RequestId, FileFormats.Csv);
        await storage.Files.StageBlockAsync(blob, BlockIds.Head, System.Text.Encoding.UTF8.GetBytes(Csv.Header(columns)), cancellationToken);
        var file = await storage.Files.CommitAsync(blob, blocks, Csv.ContentType, cancellationToken);
        return new ExportDataOutput(payload.Dataset, payload.DateRange, columns, rows, FileFormats.Csv, file);
    }
}
