using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Streamer.Host.Tests.Readme;

public sealed class GreetingsTests
{
    [Fact]
    public async Task Greets_every_city_once_approved()
    {
        await using var host = await DurableTaskTestHost.StartAsync(tasks => tasks
            .AddOrchestrator<Greetings>()
            .AddActivityFunc<string, string>(nameof(SayHello), (_, name) => $"Hi, {name}"));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greetings), new[] { "Tokyo", "Lima" });
        await host.Client.RaiseEventAsync(id, "Approve", true);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hi, Tokyo", "Hi, Lima"], done.ReadOutputAs<string[]>() ?? []);
    }
}
