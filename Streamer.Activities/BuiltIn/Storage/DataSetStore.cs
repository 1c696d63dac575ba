using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.Storage;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>
/// Data sets per owner in two tables. Records: PartitionKey <c>{ownerKey}|{dataset}</c>, RowKey the record id,
/// <c>Date</c> (yyyy-MM-dd, so a date range is a string range filter) and <c>Fields</c> (the other fields as one
/// JSON object). Keying rows by id makes every write an idempotent upsert; a date-first RowKey would turn range
/// queries into key seeks but would leave a stale row behind whenever a record's date changes. The catalog:
/// PartitionKey <c>{ownerKey}</c>, RowKey the data set name, with the columns seen so far, so an export knows its
/// header before it reads a row and a request naming a data set that does not exist fails at once.
/// </summary>
internal sealed class DataSetStore
{
    /// <summary>The longest fields JSON a record may have: a table string property holds 32 K UTF-16 characters.</summary>
    public const int MaxFieldsJsonLength = 30_000;

    private const int MaxBatchOperations = 100;

    // A transaction carries at most 4 MiB; leave room for the multipart framing.
    private const int MaxBatchBytes = 3 * 1024 * 1024;
    private const int PageSize = 1000;
    private static readonly string[] FieldColumns = ["RowKey", "Date", "Fields"];
    private static readonly string[] KeyColumns = ["RowKey", "Date"];

    private readonly TableClient _records;
    private readonly TableClient _catalog;
    private readonly CreateOnce _created;

    public DataSetStore(TableClient records, TableClient catalog)
    {
        _records = records;
        _catalog = catalog;
        _created = new CreateOnce(async token =>
        {
            await records.CreateIfNotExistsAsync(token);
            await catalog.CreateIfNotExistsAsync(token);
        });
    }

    public string RecordsTableName => _records.Name;

    public string CatalogTableName => _catalog.Name;

    public static string PartitionKey(string ownerKey, string dataSet) => ownerKey + "|" + dataSet;

    /// <summary>Upserts rows in transactions of at most 100; <paramref name="written"/> hears the running total after each.</summary>
    public async Task UpsertAsync(string ownerKey, string dataSet, IReadOnlyList<DataRow> rows, Action<int>? written, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var partition = PartitionKey(ownerKey, dataSet);
        var batch = new List<TableTransactionAction>(MaxBatchOperations);
        var batchBytes = 0;
        var done = 0;
        foreach (var row in rows)
        {
            var fields = row.FieldsJson();
            var size = 2 * (fields.Length + row.Id.Length + partition.Length) + 512;
            if (batch.Count == MaxBatchOperations || (batch.Count > 0 && batchBytes + size > MaxBatchBytes))
            {
                await _records.SubmitTransactionAsync(batch, cancellationToken);
                done += batch.Count;
                written?.Invoke(done);
                batch.Clear();
                batchBytes = 0;
            }

            var entity = new TableEntity(partition, row.Id) { ["Date"] = row.DateText, ["Fields"] = fields };
            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            batchBytes += size;
        }

        if (batch.Count > 0)
        {
            await _records.SubmitTransactionAsync(batch, cancellationToken);
            written?.Invoke(done + batch.Count);
        }
    }

    /// <summary>
    /// The data set's records, optionally only those dated within [<paramref name="from"/>, <paramref name="to"/>], in id
    /// order, streamed a page at a time; without <paramref name="withFields"/> only their ids and dates are read.
    /// </summary>
    public IAsyncEnumerable<DataRow> QueryAsync(string ownerKey, string dataSet, DateOnly? from, DateOnly? to, bool withFields, CancellationToken cancellationToken)
    {
        var partition = PartitionKey(ownerKey, dataSet);
        var filter = from is { } start && to is { } end
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Date ge {DataRow.FormatDate(start)} and Date le {DataRow.FormatDate(end)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        return ReadAsync(filter, withFields, cancellationToken);
    }

    /// <summary>
    /// The records dated within [<paramref name="from"/>, <paramref name="to"/>] in date order, then id order, streamed: one
    /// query per day, whose rows the table returns in key (id) order, so nothing has to be held to sort them, however
    /// many records a day has. Costs a query per day instead of one for the range.
    /// </summary>
    public async IAsyncEnumerable<DataRow> QueryInDateOrderAsync(string ownerKey, string dataSet, DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = PartitionKey(ownerKey, dataSet);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Date eq {DataRow.FormatDate(day)}");
            await foreach (var row in ReadAsync(filter, withFields: true, cancellationToken))
            {
                yield return row;
            }
        }
    }

    private async IAsyncEnumerable<DataRow> ReadAsync(string filter, bool withFields, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);

        // Records with their fields come in small pages (MemoryBudget.StoredRowsPerPage): a record may hold 30,000 characters.
        var (pageSize, select) = withFields ? (MemoryBudget.StoredRowsPerPage, FieldColumns) : (PageSize, KeyColumns);
        await foreach (var entity in _records.QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken))
        {
            yield return DataRow.FromStored(entity.RowKey, entity.GetString("Date") ?? string.Empty, withFields ? entity.GetString("Fields") : null);
        }
    }

    /// <summary>How many records the data set has, counting no further than <paramref name="limit"/>.</summary>
    public async Task<int> CountAsync(string ownerKey, string dataSet, int limit, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(ownerKey, dataSet)}");
        var count = 0;
        await foreach (var _ in _records.QueryAsync<TableEntity>(filter, PageSize, ["RowKey"], cancellationToken))
        {
            if (++count >= limit)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>The data set, or null when the owner has none of that name; <see cref="SampleDataSet"/> is written on first use.</summary>
    public async Task<DataSetInfo?> FindAsync(string ownerKey, string dataSet, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var response = await _catalog.GetEntityIfExistsAsync<TableEntity>(ownerKey, dataSet, cancellationToken: cancellationToken);
        if (response.HasValue)
        {
            return ToInfo(response.Value!);
        }

        if (dataSet != SampleDataSet.Name)
        {
            return null;
        }

        // Rows first, then the catalog entry: a data set is only visible once all of it is written.
        await UpsertAsync(ownerKey, dataSet, SampleDataSet.Rows, written: null, cancellationToken);
        await PublishAsync(ownerKey, dataSet, SampleDataSet.Columns, SampleDataSet.PublishedAt, cancellationToken);
        return new DataSetInfo(dataSet, SampleDataSet.Columns, SampleDataSet.PublishedAt);
    }

    /// <summary>
    /// Records that the data set exists and has these columns (added to those it had). Safe to repeat, and safe
    /// against another request publishing the same data set at the same time (ETag-guarded read-modify-write).
    /// </summary>
    public async Task PublishAsync(string ownerKey, string dataSet, IReadOnlyList<string> columns, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        while (true)
        {
            var current = await _catalog.GetEntityIfExistsAsync<TableEntity>(ownerKey, dataSet, cancellationToken: cancellationToken);
            var merged = (current.HasValue ? ToInfo(current.Value!).Columns : []).ToList();
            foreach (var column in columns.Where(c => !merged.Contains(c, StringComparer.Ordinal)))
            {
                merged.Add(column);
            }

            var entity = new TableEntity(ownerKey, dataSet) { ["Columns"] = ColumnsJson(merged), ["UpdatedAt"] = now };
            try
            {
                if (current.HasValue)
                {
                    await _catalog.UpdateEntityAsync(entity, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _catalog.AddEntityAsync(entity, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
            {
                // Another request published the same data set meanwhile; merge into its columns.
            }
        }
    }

    /// <summary>The columns as stored: as many as fit in one string property (a set with thousands of distinct fields keeps the first ones).</summary>
    private static string ColumnsJson(List<string> columns)
    {
        var json = JsonSerializer.Serialize(columns);
        while (json.Length > MaxFieldsJsonLength && columns.Count > 0)
        {
            columns.RemoveAt(columns.Count - 1);
            json = JsonSerializer.Serialize(columns);
        }

        return json;
    }

    private static DataSetInfo ToInfo(TableEntity entity) => new(
        entity.RowKey,
        JsonSerializer.Deserialize<List<string>>(entity.GetString("Columns") ?? "[]") ?? [],
        entity.GetDateTimeOffset("UpdatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue);
}
