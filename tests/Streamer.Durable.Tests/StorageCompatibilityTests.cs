using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using Newtonsoft.Json.Linq;

namespace Streamer.Durable.Tests;

/// <summary>
/// The task hub our runner writes is the one Durable Functions writes: DTFx's own Azure Storage service, opened with
/// nothing but the connection string and hub name, reads our instances, and the storage account holds Durable's names.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class StorageCompatibilityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Instance_completed_on_our_runner_is_read_by_an_independent_DTFx_service()
    {
        string id;
        string hubName;
        await using (var host = await DurableTestHost.StartAsync(azurite.ConnectionString))
        {
            hubName = host.HubName;
            id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), "Durable");
            var done = await host.Client.WaitForInstanceCompletionAsync(id, cancellation: Eventually.Deadline());
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }

        using var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            TaskHubName = hubName,
        });
        var state = Assert.Single(await service.GetOrchestrationStateAsync(id, allExecutions: false, fetchInput: true));
        var history = JArray.Parse(await service.GetOrchestrationHistoryAsync(id, executionId: null));

        Assert.Equal(DurableTask.Core.OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal(nameof(HelloOrchestrator), state.Name);
        Assert.Equal("\"Durable\"", state.Input);
        Assert.Equal("\"Hello, Durable!\"", state.Output);
        var events = history.Select(e => (EventType)e.Value<int>("EventType")).ToList();
        Assert.Contains(EventType.ExecutionStarted, events);
        Assert.Contains(EventType.TaskScheduled, events);
        Assert.Contains(EventType.TaskCompleted, events);
        Assert.Contains(EventType.ExecutionCompleted, events);
        var activity = Assert.Single(history, e => e.Value<int>("EventType") == (int)EventType.TaskScheduled);
        Assert.Equal(nameof(EchoActivity), activity.Value<string>("Name"));
    }

    [Fact]
    public async Task Task_hub_has_the_Durable_Functions_tables_queues_and_containers()
    {
        string hubName;
        await using (var host = await DurableTestHost.StartAsync(azurite.ConnectionString))
        {
            hubName = host.HubName;
            // An input over the provider's message limit travels in a blob, which is what creates the large-message container.
            var large = new string('x', 100_000);
            var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloOrchestrator), large);
            var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());
            Assert.Equal($"Hello, {large}!", done.ReadOutputAs<string>());
        }

        var lower = hubName.ToLowerInvariant();
        var tables = new List<string>();
        await foreach (var table in new TableServiceClient(azurite.ConnectionString).QueryAsync(t => t.Name.CompareTo(hubName) >= 0 && t.Name.CompareTo(hubName + "~") < 0))
        {
            tables.Add(table.Name);
        }

        var queues = new List<string>();
        await foreach (var queue in new QueueServiceClient(azurite.ConnectionString).GetQueuesAsync(prefix: lower))
        {
            queues.Add(queue.Name);
        }

        var containers = new List<string>();
        await foreach (var container in new BlobServiceClient(azurite.ConnectionString).GetBlobContainersAsync(prefix: lower))
        {
            containers.Add(container.Name);
        }

        Assert.Equal([$"{hubName}History", $"{hubName}Instances", $"{hubName}Partitions"], tables.Order(StringComparer.Ordinal));
        Assert.Equal([$"{lower}-control-00", $"{lower}-control-01", $"{lower}-control-02", $"{lower}-control-03", $"{lower}-workitems"], queues.Order(StringComparer.Ordinal));

        // Partitions are leased in the {hub}Partitions table (Durable Functions 3.x's default table partition manager),
        // so there is no {hub}-leases container; the app lease that keeps one app per hub lives in {hub}-applease.
        Assert.Equal([$"{lower}-applease", $"{lower}-largemessages"], containers.Order(StringComparer.Ordinal));
    }
}
