using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>
/// <c>process_data</c>: runs a pipeline of filter, transform, aggregate, sort and deduplicate steps over inline
/// records or a stored data set, writes the result to a JSON or CSV file in Blob storage (with a 24 h download link)
/// and, when <c>output_dataset</c> is given, upserts the result rows into that data set.
/// </summary>
/// <remarks>
/// Chunks: one prepare chunk (read, run the pipeline, stage each write chunk's equal share of the result as a blob of
/// its own) and then one write chunk per 1,000 input rows, each reading and writing only its share. Every write is
/// idempotent: rows are upserted by id, and each chunk stages its part of the file as blocks with fixed ids that
/// finalize commits in order, so a retried chunk replaces its blocks instead of appending. Chunks run one after
/// another: writes need the prepare. What a payload can expand to is checked at start (<see cref="OutputBudget"/>).
/// </remarks>
public sealed class ProcessDataHandler(BuiltInStorage storage, TimeProvider time)
    : ActionHandler<ProcessDataPayload, ProcessDataChunk, ProcessDataChunkResult, ProcessDataOutput>
{
    /// <summary>The most input rows (inline or stored) one request processes.</summary>
    public const int MaxRecords = 10_000;

    /// <summary>Input rows per write chunk.</summary>
    public const int RowsPerWriteChunk = 1_000;

    private const int PreviewRows = 10;
    private static readonly string[] Formats = [FileFormats.Json, FileFormats.Csv];

    // Writes the data set 'sales' that the generate_report and export_data examples read, so they run in that order.
    private static readonly JsonElement ExamplePayload = JsonElement.Parse("""
        {
          "records": [
            { "id": "s1", "date": "2024-01-15", "region": "north", "amount": 120.5 },
            { "id": "s2", "date": "2024-02-03", "region": "south", "amount": 80 },
            { "id": "s3", "date": "2024-02-20", "region": "north", "amount": 42.25 },
            { "id": "s4", "date": "2024-03-11", "region": "west", "amount": 99.9 },
            { "id": "s5", "date": "2024-05-02", "region": "south", "amount": 310 }
          ],
          "pipeline": [
            { "type": "transform", "field": "region", "op": "uppercase" },
            { "type": "sort", "by": [ { "field": "date", "order": "asc" } ] }
          ],
          "output_dataset": "sales",
          "format": "json"
        }
        """);

    /// <inheritdoc />
    public override string Name => "process_data";

    /// <inheritdoc />
    public override JsonElement? Example => ExamplePayload;

    /// <inheritdoc />
    protected override void Validate(ProcessDataPayload payload, PayloadErrors errors)
    {
        ResultSizeEstimate? rows = null;
        if (payload.Records is null && payload.Dataset is null)
        {
            errors.Add("records", "is required unless 'dataset' is given: the input rows (or name a stored data set in 'dataset')");
        }
        else if (payload.Records is not null && payload.Dataset is not null)
        {
            errors.Add("dataset", "cannot be combined with 'records': give the input inline or name a data set, not both");
        }
        else if (payload.Records is { } records)
        {
            rows = ValidateRecords(records, payload.Format, errors);
        }
        else
        {
            DataRules.DataSetName(payload.Dataset, "dataset", errors);
        }

        if (payload.OutputDataset is not null)
        {
            DataRules.DataSetName(payload.OutputDataset, "output_dataset", errors);
            errors.Require(payload.OutputDataset != payload.Dataset, "output_dataset", "must differ from 'dataset': write the result to a new data set rather than over its own input");
            errors.Require(payload.OutputDataset != SampleDataSet.Name, "output_dataset", $"must not be '{SampleDataSet.Name}', the built-in sample data set; choose another name");
        }

        errors.OneOf(payload.Format, Formats, "format");
        PipelineRules.Validate(payload.Pipeline, errors);

        // Sizes only mean something for a pipeline that can run; a stored input is measured once it is read (PrepareAsync).
        if (errors.IsValid && rows is not null)
        {
            OutputBudget.Check(rows, payload.Records!.Count, payload.Pipeline, "records", errors);
        }
    }

    /// <summary>Storage round trips for reading, staging and writing take seconds even for small inputs, so this always runs as a durable request at the default threshold.</summary>
    protected override TimeSpan EstimateDuration(ProcessDataPayload payload)
        => TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(2 * (payload.Records?.Count ?? MaxRecords));

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<ProcessDataChunk>> PlanAsync(ActionRequest request, ProcessDataPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inputCount = payload.Records?.Count ?? await CountStoredAsync(request.Owner.Key, payload.Dataset!, cancellationToken);
        var parts = Math.Max(1, (inputCount + RowsPerWriteChunk - 1) / RowsPerWriteChunk);
        return [new ProcessDataChunk(ProcessDataStage.Prepare, 0, parts), .. Enumerable.Range(0, parts).Select(part => new ProcessDataChunk(ProcessDataStage.Write, part, parts))];
    }

    /// <inheritdoc />
    protected override Task<ProcessDataChunkResult> ProcessChunkAsync(ProcessDataPayload payload, ProcessDataChunk chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(context);
        return chunk.Stage == ProcessDataStage.Prepare
            ? PrepareAsync(payload, chunk, context, cancellationToken)
            : WriteAsync(payload, chunk, context, cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task<ProcessDataOutput> FinalizeAsync(ActionRequest request, ProcessDataPayload payload, IAsyncEnumerable<ProcessDataChunkResult> chunkResults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(chunkResults);

        // The first chunk prepares (counts, columns, preview); every later one wrote blocks of the file.
        ProcessDataChunkResult? prepared = null;
        List<string> blocks = [BlockIds.Head];
        await foreach (var result in chunkResults.WithCancellation(cancellationToken))
        {
            if (prepared is null)
            {
                prepared = result;
            }
            else
            {
                blocks.AddRange(result.BlockIds);
            }
        }

        if (prepared is null)
        {
            throw new InvalidOperationException("process_data planned no chunks.");
        }

        var json = payload.Format == FileFormats.Json;
        var blob = storage.Files.Blob(request.Owner.Key, Name, request.RequestId, payload.Format);
        await storage.Files.StageBlockAsync(blob, BlockIds.Head, System.Text.Encoding.UTF8.GetBytes(json ? "[\n" : Csv.Header(prepared.Columns)), cancellationToken);
        if (json)
        {
            await storage.Files.StageBlockAsync(blob, BlockIds.Tail, "\n]\n"u8.ToArray(), cancellationToken);
            blocks.Add(BlockIds.Tail);
        }

        var file = await storage.Files.CommitAsync(blob, blocks, FileFormats.ContentType(payload.Format), cancellationToken);
        if (payload.OutputDataset is { } output)
        {
            // Published last, so export_data and generate_report never see a data set whose rows are still being written.
            await storage.DataSets.PublishAsync(request.Owner.Key, output, [.. prepared.Columns.Where(c => !DataRow.IsReserved(c))], time.GetUtcNow(), cancellationToken);
        }

        await storage.Work.DeleteAllAsync(request.Owner.Key, request.RequestId, cancellationToken);
        return new ProcessDataOutput(prepared.InputCount, prepared.OutputCount, payload.OutputDataset, payload.Format, prepared.Columns, prepared.Preview, file);
    }

    /// <summary>Checks the inline records and returns their sizes, for the budget.</summary>
    private static ResultSizeEstimate? ValidateRecords(IReadOnlyList<JsonElement> records, string format, PayloadErrors errors)
    {
        if (records.Count is 0 or > MaxRecords)
        {
            errors.Add("records", $"must have between 1 and {MaxRecords} records; got {records.Count}");
            return null;
        }

        var sizes = new ResultSizeEstimate(format);
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var badRecords = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var before = errors.Errors.Count;
            if (DataRules.Record(records[i], $"records[{i}]", errors) is { } row)
            {
                sizes.Add(row);
            }

            if (DataRules.IdOf(records[i]) is { } id && !firstIndexOfId.TryAdd(id, i))
            {
                errors.Add($"records[{i}].id", $"repeats '{DataRules.Shorten(id)}' from records[{firstIndexOfId[id]}]; ids must be unique");
            }

            if (errors.Errors.Count > before && ++badRecords >= DataRules.MaxItemErrors && i < records.Count - 1)
            {
                errors.Add("records", $"stopped checking after {DataRules.MaxItemErrors} records with errors; {records.Count - i - 1} record(s) not checked");
                return null;
            }
        }

        return sizes;
    }

    private async Task<int> CountStoredAsync(string ownerKey, string dataSet, CancellationToken cancellationToken)
    {
        _ = await storage.DataSets.FindAsync(ownerKey, dataSet, cancellationToken)
            ?? throw new PayloadRejectedException($"payload.dataset: no data set named '{dataSet}' exists for this user; create one with process_data's 'output_dataset', or use the built-in sample data set '{SampleDataSet.Name}'");
        var count = await storage.DataSets.CountAsync(ownerKey, dataSet, MaxRecords + 1, cancellationToken);
        return count <= MaxRecords
            ? count
            : throw new PayloadRejectedException($"payload.dataset: data set '{dataSet}' has more than {MaxRecords} records; process_data reads at most {MaxRecords}");
    }

    private async Task<ProcessDataChunkResult> PrepareAsync(ProcessDataPayload payload, ProcessDataChunk chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        var owner = context.Request.Owner.Key;
        context.Progress.Report(0, "Reading the input", stage: "reading");
        var input = payload.Records is { } records ? ReadInline(records) : await LoadAsync(owner, payload, context, cancellationToken);

        context.Progress.Report(40, $"Running {payload.Pipeline.Count} step(s) over {input.Count} row(s)", stage: "processing");
        var steps = payload.Pipeline;
        var result = Pipeline.Run(input, steps, (step, rows) => context.Progress.Report(
            40 + (50.0 * (step + 1) / steps.Count),
            string.Create(CultureInfo.InvariantCulture, $"Step {step + 1} of {steps.Count} ({steps[step].Type}): {rows} row(s)")), cancellationToken);
        if (payload.OutputDataset is not null && result.FirstOrDefault(row => row.FieldsJson().Length > DataSetStore.MaxFieldsJsonLength) is { } tooLarge)
        {
            throw new PayloadRejectedException($"payload.pipeline: result row '{DataRules.Shorten(tooLarge.Id)}' has more than {DataSetStore.MaxFieldsJsonLength} characters of fields, more than a data set record holds");
        }

        // Each write chunk gets its share staged apart, so that it reads only that, and only one share is serialised at a time here.
        var columns = Pipeline.Columns(result);
        var share = (result.Count + chunk.Parts - 1) / chunk.Parts;
        for (var part = 0; part < chunk.Parts; part++)
        {
            var start = Math.Min(result.Count, part * share);
            var staged = new StagedPart(start, columns, [.. result.Skip(start).Take(share)]);
            await storage.Work.WriteStreamAsync(owner, context.Request.RequestId, StagedPartName(part), staged.WriteAsync, cancellationToken);
        }

        return new ProcessDataChunkResult(input.Count, result.Count, columns, Preview(result), 0, []);
    }

    /// <summary>The first rows, at most <see cref="PreviewRows"/> and <see cref="MemoryBudget.ProcessDataPreviewBytes"/> of them: the request's history and output keep them.</summary>
    private static List<JsonElement> Preview(IReadOnlyList<DataRow> result)
    {
        var preview = new List<JsonElement>(PreviewRows);
        long bytes = 0;
        foreach (var row in result.Take(PreviewRows))
        {
            var json = row.ToJson();
            bytes += JsonMarshal.GetRawUtf8Value(json).Length;
            if (bytes > MemoryBudget.ProcessDataPreviewBytes)
            {
                break;
            }

            preview.Add(json);
        }

        return preview;
    }

    private async Task<ProcessDataChunkResult> WriteAsync(ProcessDataPayload payload, ProcessDataChunk chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        var owner = context.Request.Owner.Key;
        StagedPart staged;
        await using (var stream = await storage.Work.OpenReadAsync(owner, context.Request.RequestId, StagedPartName(chunk.Part), cancellationToken)
            ?? throw new InvalidOperationException("The staged pipeline result is missing; the prepare chunk must complete before the write chunks."))
        {
            staged = await StagedPart.ReadAsync(stream, cancellationToken);
        }

        var rows = staged.Rows;
        var label = string.Create(CultureInfo.InvariantCulture, $"Part {chunk.Part + 1} of {chunk.Parts}");
        context.Progress.Report(0, $"{label}: writing {rows.Count} row(s)", stage: "writing");

        if (payload.OutputDataset is { } output && rows.Count > 0)
        {
            await storage.DataSets.UpsertAsync(owner, output, rows, written => context.Progress.Report(
                80.0 * written / rows.Count,
                string.Create(CultureInfo.InvariantCulture, $"{label}: stored {written} of {rows.Count} row(s) in '{output}'")), cancellationToken);
        }

        var blob = storage.Files.Blob(owner, Name, context.Request.RequestId, payload.Format);
        var writer = new BlockWriter(storage.Files, blob, chunk.Part);
        for (var i = 0; i < rows.Count; i++)
        {
            if (payload.Format == FileFormats.Csv)
            {
                Csv.AppendRow(writer.Buffer, rows[i], staged.Columns);
            }
            else
            {
                writer.Buffer.Append(staged.Start + i == 0 ? string.Empty : ",\n").Append(rows[i].ToJsonText());
            }

            await writer.FlushIfFullAsync(cancellationToken);
        }

        var blocks = await writer.CompleteAsync(cancellationToken);
        return new ProcessDataChunkResult(0, 0, [], [], rows.Count, blocks);
    }

    private static string StagedPartName(int part) => string.Create(CultureInfo.InvariantCulture, $"process_data/part-{part:D5}.jsonl");

    private static List<DataRow> ReadInline(IReadOnlyList<JsonElement> records)
    {
        var errors = new PayloadErrors();
        var rows = new List<DataRow>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            if (DataRules.Record(records[i], $"records[{i}]", errors) is { } row)
            {
                rows.Add(row);
            }
        }

        // Validation passed before the request started; this only trips if the rules changed under a running request.
        return errors.IsValid ? rows : throw new PayloadRejectedException($"{errors.Errors[0].Field}: {errors.Errors[0].Message}");
    }

    /// <summary>Reads the stored input, no more than the budget allows, and checks what the pipeline makes of it.</summary>
    private async Task<List<DataRow>> LoadAsync(string ownerKey, ProcessDataPayload payload, ChunkContext context, CancellationToken cancellationToken)
    {
        var dataSet = payload.Dataset!;
        var sizes = new ResultSizeEstimate(payload.Format);
        var rows = new List<DataRow>();
        await foreach (var row in storage.DataSets.QueryAsync(ownerKey, dataSet, null, null, withFields: true, cancellationToken))
        {
            rows.Add(row);
            sizes.Add(row);
            if (rows.Count > MaxRecords)
            {
                throw new PayloadRejectedException($"payload.dataset: data set '{dataSet}' has more than {MaxRecords} records; process_data reads at most {MaxRecords}");
            }

            if (sizes.InputBytes > MemoryBudget.ProcessDataStoredInputBytes)
            {
                throw new PayloadRejectedException(string.Create(CultureInfo.InvariantCulture,
                    $"payload.dataset: data set '{dataSet}' holds more than {MemoryBudget.ProcessDataStoredInputBytes:N0} bytes of records as JSON ({sizes.InputBytes:N0} in its first {rows.Count:N0}); process_data reads at most that much"));
            }

            if (rows.Count % RowsPerWriteChunk == 0)
            {
                context.Progress.Report(40.0 * rows.Count / MaxRecords, string.Create(CultureInfo.InvariantCulture, $"Read {rows.Count} row(s) of '{dataSet}'"));
            }
        }

        OutputBudget.Enforce(sizes, rows.Count, payload.Pipeline, "dataset");
        return rows;
    }
}
