using System.Globalization;
using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.GenerateReport;

/// <summary>
/// <c>generate_report</c>: counts a data set's records per period of a date range (months, quarters, years or
/// fixed windows) and, given a numeric <c>value_field</c>, their sum, average, minimum and maximum; writes the
/// report as JSON, CSV or HTML to Blob storage with a 24 h download link, and returns the figures too.
/// </summary>
/// <remarks>
/// One chunk per period; periods are independent, so up to four are read at once. Chunks only read; finalize writes
/// the file whole under a name fixed by the request, so a retry overwrites it.
/// </remarks>
public sealed class GenerateReportHandler(BuiltInStorage storage, TimeProvider time)
    : ActionHandler<GenerateReportPayload, ReportPeriod, PeriodStats, GenerateReportOutput>
{
    private const int MaxTitleLength = 200;
    private const int ProgressEveryRows = 1_000;
    private static readonly string[] Formats = [FileFormats.Json, FileFormats.Csv, FileFormats.Html];

    // Reads the data set process_data's example writes.
    private static readonly JsonElement ExamplePayload = JsonElement.Parse("""
        {
          "report_type": "monthly",
          "dataset": "sample_sales",
          "date_range": { "start": "2024-01-01", "end": "2024-06-30" },
          "value_field": "amount",
          "format": "csv"
        }
        """);

    /// <inheritdoc />
    public override string Name => "generate_report";

    /// <inheritdoc />
    public override JsonElement? Example => ExamplePayload;

    /// <inheritdoc />
    public override ChunkExecution Execution => ChunkExecution.Parallel(4);

    /// <inheritdoc />
    protected override void Validate(GenerateReportPayload payload, PayloadErrors errors)
    {
        errors.OneOf(payload.ReportType, ReportPeriods.Types, "report_type");
        DataRules.DataSetName(payload.Dataset, "dataset", errors);
        DataRules.Range(payload.DateRange, "date_range", errors);
        if (payload.ValueField is not null)
        {
            DataRules.FieldName(payload.ValueField, "value_field", errors);
        }

        if (payload.PeriodDays is { } days)
        {
            if (payload.ReportType != ReportPeriods.Custom)
            {
                errors.Add("period_days", $"is only used with report_type 'custom'; got it with '{payload.ReportType}'");
            }
            else
            {
                errors.InRange(days, 1, DataRules.MaxRangeDays, "period_days");
            }
        }

        errors.OneOf(payload.Format, Formats, "format");
        if (payload.Title is { Length: > MaxTitleLength })
        {
            errors.Add("title", $"must be at most {MaxTitleLength} characters; got {payload.Title.Length}");
        }
    }

    /// <summary>Every period is a storage query, so reports always run as a durable request at the default threshold.</summary>
    protected override TimeSpan EstimateDuration(GenerateReportPayload payload)
        => TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(20 * payload.DateRange.Days);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<ReportPeriod>> PlanAsync(ActionRequest request, GenerateReportPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = await storage.DataSets.FindAsync(request.Owner.Key, payload.Dataset, cancellationToken)
            ?? throw new PayloadRejectedException($"payload.dataset: no data set named '{payload.Dataset}' exists for this user; create one with process_data's 'output_dataset', or use the built-in sample data set '{SampleDataSet.Name}'");
        return ReportPeriods.Split(payload.ReportType, payload.DateRange, payload.PeriodDays);
    }

    /// <inheritdoc />
    protected override async Task<PeriodStats> ProcessChunkAsync(GenerateReportPayload payload, ReportPeriod chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(context);
        context.Progress.Report(0, $"Period {chunk.Label}: reading records", stage: "reading");
        var stats = new StatsAccumulator(payload.ValueField);

        // Streamed a page at a time into a constant-size accumulator; a report that only counts reads no fields at all.
        var withFields = payload.ValueField is not null;
        await foreach (var row in storage.DataSets.QueryAsync(context.Request.Owner.Key, payload.Dataset, chunk.Start, chunk.End, withFields, cancellationToken))
        {
            stats.Add(payload.ValueField is null ? null : row.Get(payload.ValueField));
            if (stats.Count % ProgressEveryRows == 0)
            {
                context.Progress.Report(Math.Min(90, stats.Count / ProgressEveryRows), string.Create(CultureInfo.InvariantCulture, $"Period {chunk.Label}: {stats.Count} record(s) so far"));
            }
        }

        return stats.ToStats(chunk.Label, chunk.Start, chunk.End);
    }

    /// <inheritdoc />
    protected override async Task<GenerateReportOutput> FinalizeAsync(ActionRequest request, GenerateReportPayload payload, IAsyncEnumerable<PeriodStats> chunkResults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // One result per report period, and the report lists every period: the payload's validation bounds how many.
        var periods = await chunkResults.ToListAsync(cancellationToken);
        var totals = StatsAccumulator.Combine(periods, payload.ValueField, payload.DateRange);
        var title = payload.Title ?? $"{char.ToUpperInvariant(payload.ReportType[0])}{payload.ReportType[1..]} report: {payload.Dataset}";
        var document = new ReportDocument(title, payload.ReportType, payload.Dataset, payload.DateRange, payload.ValueField, time.GetUtcNow(), periods, totals);
        var blob = storage.Files.Blob(request.Owner.Key, Name, request.RequestId, payload.Format);
        var file = await storage.Files.UploadAsync(blob, BinaryData.FromString(ReportRenderer.Render(document, payload.Format)), FileFormats.ContentType(payload.Format), cancellationToken);
        return new GenerateReportOutput(payload.ReportType, payload.Dataset, payload.DateRange, payload.ValueField, periods, totals, payload.Format, file);
    }
}
