namespace Streamer.Durable.Testing.Tests;

public sealed class GreetingOrchestratorExampleTests
{
    [Fact]
    public async Task Greeting_orchestrator_example()
    {
        await using var host = await DurableTestHost.StartAsync(tasks => tasks
            .AddOrchestrator<GreetingOrchestrator>()
            .FakeActivity<string, string>("SayHello", name => $"Hello, {name}!"));

        var result = await host.RunAsync(nameof(GreetingOrchestrator), "Tokyo");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Hello, Tokyo!", result.ReadOutputAs<string>());
    }
}

public sealed class GreetingOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string name)
        => context.CallActivityAsync<string>("SayHello", name);
}
