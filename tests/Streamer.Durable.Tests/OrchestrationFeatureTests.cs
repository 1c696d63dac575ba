using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Streamer.Durable.Tests;

/// <summary>Sub-orchestrations, continue-as-new and custom status behave as on Durable Functions.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class OrchestrationFeatureTests(AzuriteFixture azurite)
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

    [Fact]
    public async Task Continue_as_new_restarts_the_instance_and_the_custom_status_is_readable()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CountdownOrchestrator), 3);

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("lift-off", done.ReadOutputAs<string>());
        Assert.Equal(0, done.ReadInputAs<int>());
        Assert.Equal("{\"remaining\":0}", done.SerializedCustomStatus);
    }
}
