using Azure.Data.Tables;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;
using Streamer.Api.Requests;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.Requests;

/// <summary>Progress sequence numbers stay unique and gap-free when several hosts advance one request at once.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class RequestStoreProgressTests(StreamerAppFixture app)
{
    [Fact]
    public async Task Two_hosts_advancing_the_same_request_concurrently_hand_out_each_sequence_number_once()
    {
        const int PerHost = 40;
        var table = new TableClient(app.StorageConnectionString, "progress" + Guid.NewGuid().ToString("N")[..12]);
        var hostA = new RequestStore(table, TimeProvider.System);
        var hostB = new RequestStore(table, TimeProvider.System);
        await hostA.CreateIfNotExistsAsync(CancellationToken.None);
        var request = new ActionRequest("r-" + Guid.NewGuid().ToString("N")[..8], "echo_async", new RequestOwner("tenant", "user"));

        // Each host's writes make the other's remembered ETag stale, so both paths (remembered write, re-read) run.
        var advances = Enumerable.Range(0, PerHost).SelectMany(i => new[]
        {
            hostA.AdvanceAsync(request, new ProgressUpdate(i, $"a{i}"), CancellationToken.None),
            hostB.AdvanceAsync(request, new ProgressUpdate(i, $"b{i}"), CancellationToken.None),
        });
        var results = await Task.WhenAll(advances);

        Assert.Equal(Enumerable.Range(1, 2 * PerHost).Select(n => (long)n), results.Select(r => r.Sequence).Order());
        var stored = await hostA.GetProgressAsync(request.Owner, request.RequestId, CancellationToken.None);
        Assert.Equal(2 * PerHost, stored?.Progress.Sequence);
        Assert.Equal(PerHost - 1, stored?.Progress.Percentage);
        await table.DeleteAsync();
    }
}
