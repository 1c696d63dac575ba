using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace Streamer.Durable.Tests;

/// <summary>extendedSessionsEnabled keeps an orchestration in memory between episodes instead of replaying it.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class ExtendedSessionTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int ChainLength = 20;

    [Fact]
    public async Task Activity_chain_completes_with_extended_sessions_and_replays_less_than_without()
    {
        var withSessions = await RunChainAsync(extendedSessions: true);
        var withoutSessions = await RunChainAsync(extendedSessions: false);
        output.WriteLine($"orchestrator runs for a {ChainLength}-activity chain: {withSessions} with extended sessions, {withoutSessions} without");

        // Without sessions every episode (the start and each of the 20 results) replays the orchestrator from the top.
        Assert.True(withoutSessions >= ChainLength + 1, $"without extended sessions the orchestrator ran {withoutSessions} times");
        Assert.True(withSessions < withoutSessions, $"with extended sessions it ran {withSessions} times, without {withoutSessions}");
    }

    private async Task<int> RunChainAsync(bool extendedSessions)
    {
        await using var host = await DurableTestHost.StartAsync(
            azurite.ConnectionString,
            new Dictionary<string, string?> { ["extensions:durableTask:extendedSessionsEnabled"] = extendedSessions.ToString() },
            test: $"Chain{extendedSessions}");
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestrator), ChainLength);

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ChainLength, done.ReadOutputAs<int>());
        return ChainOrchestrator.Runs[id];
    }
}
