using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Streamer.Durable.Tests;

/// <summary>Listing and purging instances through our client, over the Instances table's own queries.</summary>
[Collection(QueryCollection.Name)]
public sealed class QueryAndPurgeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Query_filters_by_status_created_time_and_instance_id_prefix()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var first = await CompleteHelloAsync(host, "done-1");
        var second = await CompleteHelloAsync(host, "done-2");
        var waiting = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator), null, new StartOrchestrationOptions("waiting-1"));
        await host.Client.WaitForInstanceStartAsync(waiting, cancellation: Eventually.Deadline());
        var secondCreated = (await host.Client.GetInstanceAsync(second))!.CreatedAt;

        var completed = await QueryAsync(host, new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed] });
        var running = await QueryAsync(host, new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] });
        var fromSecond = await QueryAsync(host, new OrchestrationQuery { CreatedFrom = secondCreated });
        var beforeAll = await QueryAsync(host, new OrchestrationQuery { CreatedTo = DateTimeOffset.UtcNow.AddHours(-1) });
        var withinTheHour = await QueryAsync(host, new OrchestrationQuery { CreatedFrom = DateTimeOffset.UtcNow.AddHours(-1), CreatedTo = DateTimeOffset.UtcNow.AddHours(1) });
        var done = await QueryAsync(host, new OrchestrationQuery { InstanceIdPrefix = "done-" });

        Assert.Equal([first, second], completed.Order());
        Assert.Equal([waiting], running);
        Assert.Equal([second, waiting], fromSecond.Order());
        Assert.Empty(beforeAll);
        Assert.Equal([first, second, waiting], withinTheHour.Order());
        Assert.Equal([first, second], done.Order());
    }

    [Fact]
    public async Task Query_with_inputs_and_outputs_returns_them()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await CompleteHelloAsync(host, "with-io");

        var page = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }).AsPages().FirstAsync();
        var bare = await host.Client.GetAllInstancesAsync(new OrchestrationQuery()).AsPages().FirstAsync();

        var instance = Assert.Single(page.Values);
        Assert.Equal(id, instance.InstanceId);
        Assert.Equal("Hello, with-io!", instance.ReadOutputAs<string>());
        Assert.Equal("with-io", instance.ReadInputAs<string>());
        Assert.Null(Assert.Single(bare.Values).SerializedInput);
    }

    [Fact]
    public async Task Paging_with_continuation_tokens_returns_every_instance_once()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator), null, new StartOrchestrationOptions($"page-{i}")));
        }

        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (var page in host.Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 3 }).AsPages())
        {
            pages.Add(page);
        }

        // A token handed back to a new query resumes where the page left off, as an HTTP "next" link would.
        var resumed = await QueryAsync(host, new OrchestrationQuery { PageSize = 3, ContinuationToken = pages[0].ContinuationToken });

        var found = pages.SelectMany(p => p.Values).Select(m => m.InstanceId).ToList();
        Assert.True(pages.Count >= 3, $"expected at least 3 pages of 3, got {pages.Count}");
        Assert.All(pages, p => Assert.True(p.Values.Count <= 3));
        Assert.Equal(found.Count, found.Distinct().Count());
        Assert.Equal(ids.Order(), found.Order());
        Assert.Null(pages[^1].ContinuationToken);
        Assert.Equal(ids.Except(pages[0].Values.Select(v => v.InstanceId)).Order(), resumed.Order());
    }

    [Fact]
    public async Task Purging_an_instance_removes_it_only_once_it_has_finished()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var done = await CompleteHelloAsync(host, "purge-done");
        var running = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator));
        await host.Client.WaitForInstanceStartAsync(running, cancellation: Eventually.Deadline());

        var purgedDone = await host.Client.PurgeInstanceAsync(done);
        var purgedRunning = await host.Client.PurgeInstanceAsync(running);
        var purgedMissing = await host.Client.PurgeInstanceAsync("no-such-instance");

        Assert.Equal(1, purgedDone.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(done));
        Assert.Empty(await host.Client.GetOrchestrationHistoryAsync(done));
        Assert.Equal(0, purgedRunning.PurgedInstanceCount);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(running))!.RuntimeStatus);
        Assert.Equal(0, purgedMissing.PurgedInstanceCount);
    }

    [Fact]
    public async Task Purging_by_filter_removes_the_matching_finished_instances()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var first = await CompleteHelloAsync(host, "filter-1");
        var second = await CompleteHelloAsync(host, "filter-2");
        var terminated = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator));
        await host.Client.TerminateInstanceAsync(terminated, "stop");
        await host.Client.WaitForInstanceCompletionAsync(terminated, cancellation: Eventually.Deadline());
        var running = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApprovalOrchestrator));
        await host.Client.WaitForInstanceStartAsync(running, cancellation: Eventually.Deadline());

        var onlyCompleted = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(since, null, [OrchestrationRuntimeStatus.Completed]));
        var anyFinished = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(since));

        Assert.Equal(2, onlyCompleted.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(first));
        Assert.Null(await host.Client.GetInstanceAsync(second));
        Assert.Equal(1, anyFinished.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(terminated));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(running))!.RuntimeStatus);
    }

    private static async Task<string> CompleteHelloAsync(DurableTestHost host, string id)
    {
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), id, new StartOrchestrationOptions(id));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, cancellation: Eventually.Deadline());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return id;
    }

    private static async Task<List<string>> QueryAsync(DurableTestHost host, OrchestrationQuery query)
    {
        var ids = new List<string>();
        await foreach (var instance in host.Client.GetAllInstancesAsync(query))
        {
            ids.Add(instance.InstanceId);
        }

        return ids;
    }
}

internal static class AsyncEnumerables
{
    public static async Task<T> FirstAsync<T>(this IAsyncEnumerable<T> source)
    {
        await foreach (var item in source)
        {
            return item;
        }

        throw new InvalidOperationException("The sequence is empty.");
    }
}
