using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Streamer.Faults.Tests.Infrastructure;

/// <summary>
/// <c>bulk_operation</c> requests whose effects can be counted: request <c>{prefix}NNN</c> creates
/// <see cref="EntitiesPerRequest"/> products <c>{prefix}NNN-eMMM</c>, <see cref="BatchSize"/> per chunk (one table
/// transaction each). Afterwards every request must have completed with all its items applied, and the entities table
/// must hold exactly <see cref="EntitiesPerRequest"/> entities for each request and nothing else.
/// </summary>
internal sealed class BulkWorkload(string prefix, int requestCount, int entitiesPerRequest, int batchSize)
{
    public const string Action = "bulk_operation";

    public int RequestCount => requestCount;

    public int EntitiesPerRequest => entitiesPerRequest;

    public int BatchSize => batchSize;

    public int ChunksPerRequest => (entitiesPerRequest + batchSize - 1) / batchSize;

    public IReadOnlyList<string> RequestIds { get; } = [.. Enumerable.Range(0, requestCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D3}"))];

    public string PayloadJson(string requestId)
    {
        var items = new StringBuilder();
        for (var j = 0; j < entitiesPerRequest; j++)
        {
            items.Append(j == 0 ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $$"""{"id":"{{requestId}}-e{{j:D3}}","name":"product {{j}} of {{requestId}}","price":{{j}}.5,"stock":{{j}}}""");
        }

        return $$"""{"operation":"create","entity_type":"product","batch_size":{{batchSize}},"items":[{{items}}]}""";
    }

    /// <summary>Starts every request, spread over the hosts in turn, a few at a time; each must answer 202.</summary>
    public async Task SubmitAsync(IReadOnlyList<StreamerClient> clients, CancellationToken cancellationToken)
    {
        var index = 0;
        await Parallel.ForEachAsync(RequestIds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, token) =>
        {
            var client = clients[Interlocked.Increment(ref index) % clients.Count];
            var answer = await client.StartAsync(id, Action, PayloadJson(id), token);
            Assert.True(answer.Status == HttpStatusCode.Accepted, $"Starting {id} on {client.BaseAddress}: {answer}");
        });
    }

    /// <summary>Waits until every instance has left Pending/Running (read from the instances table, one query a poll).</summary>
    public Task<IReadOnlyDictionary<string, int>> WaitUntilAllFinishedAsync(TaskHubStorage storage, TimeSpan timeout, Func<string>? describe, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, int> last = new Dictionary<string, int>();
        return Poll.UntilAsync<IReadOnlyDictionary<string, int>>(
            async token =>
            {
                last = await storage.InstanceStatusesAsync(token);
                var finished = last.Where(s => s.Key is "Completed" or "Failed" or "Terminated" or "Canceled").Sum(s => s.Value);
                return finished >= requestCount ? last : null;
            },
            timeout,
            TimeSpan.FromMilliseconds(500),
            $"all {requestCount} requests to finish",
            () => $"Instances: {TaskHubStorage.Describe(last)}.{(describe is null ? string.Empty : " " + describe())}",
            cancellationToken);
    }

    /// <summary>
    /// Every request answers 200 Completed with all items applied in the expected number of batches, and the entities
    /// table holds exactly the requested entities of each request: no chunk's effect lost, none applied to another request.
    /// </summary>
    public async Task AssertAllAppliedAsync(StreamerClient client, TaskHubStorage storage, CancellationToken cancellationToken)
    {
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(RequestIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, token) =>
        {
            var answer = await client.GetAsync(id, token);
            if (answer.Status != HttpStatusCode.OK)
            {
                problems.Add($"{id}: {answer}");
                return;
            }

            var body = answer.Json;
            var status = body.GetProperty("runtimeStatus").GetString();
            if (status != "Completed" || body.GetProperty("output") is not { ValueKind: JsonValueKind.Object } output)
            {
                problems.Add($"{id}: {status}: {answer.Body}");
                return;
            }

            var requested = output.GetProperty("requested").GetInt32();
            var succeeded = output.GetProperty("succeeded").GetInt32();
            var failed = output.GetProperty("failed").GetInt32();
            var batches = output.GetProperty("batches").GetInt32();
            if (requested != entitiesPerRequest || succeeded != entitiesPerRequest || failed != 0 || batches != ChunksPerRequest)
            {
                problems.Add($"{id}: requested {requested}, succeeded {succeeded}, failed {failed}, batches {batches}; expected {entitiesPerRequest}/{entitiesPerRequest}/0/{ChunksPerRequest}");
            }
        });
        Assert.True(problems.IsEmpty, $"{problems.Count} request(s) did not complete as expected:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(20))}");

        var counts = await storage.EntityCountsAsync(cancellationToken);
        var wrong = RequestIds.Where(id => counts.GetValueOrDefault(id) != entitiesPerRequest).Select(id => $"{id}: {counts.GetValueOrDefault(id)}").ToList();
        var strays = counts.Keys.Except(RequestIds, StringComparer.Ordinal).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} request(s) do not have exactly {entitiesPerRequest} entities: {string.Join(", ", wrong.Take(20))}");
        Assert.True(strays.Count == 0, $"Entities of unknown requests: {string.Join(", ", strays.Take(20))}");
        Assert.Equal(requestCount * entitiesPerRequest, counts.Values.Sum());
    }
}
