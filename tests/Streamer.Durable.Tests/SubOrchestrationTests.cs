using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Streamer.Durable.Tests;

/// <summary>Sub-orchestrations run on the same worker and know their parent, as on Durable Functions.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class SubOrchestrationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Sub_orchestration_completes_and_sees_its_parent()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ParentOrchestrator), "child", new StartOrchestrationOptions("parent-1"));

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var seen = done.ReadOutputAs<ParentSeen>()!;
        Assert.Equal("Hello, child!", seen.Greeting);
        Assert.Equal(nameof(ParentOrchestrator), seen.ParentName);
        Assert.Equal(id, seen.ParentInstanceId);
    }
}
