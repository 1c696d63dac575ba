using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;
using Streamer.Durable.History;
using Streamer.Durable.Tests.Conformance;
using Xunit.Abstractions;

namespace Streamer.Durable.AzureStorage.Tests.Faults;

/// <summary>
/// A commit appends history, then writes the instance row, then deletes the messages it consumed. A host
/// that dies (or loses storage) after the history append of an execution's last episode leaves the row
/// saying Running; the host kill test can land there, but only rarely, so this test makes that state
/// directly: it completes an instance, puts its row back the way the interrupted commit leaves it, and
/// delivers the consumed message again, as the queue does once its visibility lapses.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InterruptedCommitTests : IDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    private readonly AzuriteFixture _azurite;
    private readonly ITestOutputHelper _output;
    private readonly ILoggerFactory _loggerFactory;

    public InterruptedCommitTests(AzuriteFixture azurite, ITestOutputHelper output)
    {
        _azurite = azurite;
        _output = output;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider(output)));
    }

    [Fact]
    public async Task Finished_instance_whose_row_write_was_lost_is_brought_up_to_date_when_its_message_comes_back()
    {
        using var deadline = new CancellationTokenSource(WaitTimeout);
        var hub = AzuriteFixture.NewTaskHubName();
        var backend = new AzureStorageOrchestrationBackend(
            new AzureStorageBackendOptions
            {
                ConnectionString = _azurite.ConnectionString,
                TaskHubName = hub,
                MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
                PartitionLeaseDuration = TimeSpan.FromSeconds(15),
                PartitionLeaseRenewInterval = TimeSpan.FromSeconds(2),
            },
            loggerFactory: _loggerFactory);
        await backend.CreateIfNotExistsAsync(deadline.Token);
        await using var env = await WorkerEnvironment.StartAsync(backend, _output);

        var instanceId = await env.Client.ScheduleNewOrchestrationInstanceAsync(ConformanceTasks.EchoThroughActivity, "hello", cancellationToken: deadline.Token);
        var completed = await env.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        var history = await env.Client.GetHistoryAsync(instanceId, deadline.Token);
        var result = Assert.Single(history.OfType<TaskCompletedEvent>());

        // The row as the last episode found it: Running, no output.
        var rows = new TableClient(_azurite.ConnectionString, hub + "Instances");
        var row = (await rows.GetEntityAsync<TableEntity>(instanceId, string.Empty, cancellationToken: deadline.Token)).Value;
        row["RuntimeStatus"] = nameof(OrchestrationRuntimeStatus.Running);
        row["Output"] = null;
        row["LastUpdatedAt"] = completed.CreatedAt;
        await rows.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, deadline.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await env.Client.GetInstanceAsync(instanceId, cancellationToken: deadline.Token))?.RuntimeStatus);

        // The activity result the last episode consumed arrives again.
        await backend.SendMessageAsync(new TaskMessage(new OrchestrationInstance(instanceId, completed.ExecutionId), result), deadline.Token);

        OrchestrationMetadata? repaired = null;
        try
        {
            repaired = await env.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"The row of '{instanceId}' still says {(await env.Client.GetInstanceAsync(instanceId))?.RuntimeStatus} {WaitTimeout.TotalSeconds} s after its message came back, although its history records it Completed.");
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, repaired.RuntimeStatus);
        Assert.Equal(completed.SerializedOutput, repaired.SerializedOutput);
        Assert.Equal(completed.SerializedInput, repaired.SerializedInput);
        Assert.Equal(history.Count, (await env.Client.GetHistoryAsync(instanceId, deadline.Token)).Count);
    }

    public void Dispose() => _loggerFactory.Dispose();
}
