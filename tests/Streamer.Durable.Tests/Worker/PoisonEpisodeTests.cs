using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streamer.Durable.Worker;

namespace Streamer.Durable.Tests.Worker;

public sealed class PoisonEpisodeTests
{
    [Fact]
    public async Task Orchestrator_that_cannot_be_constructed_is_failed_after_repeated_attempts_instead_of_looping()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTask(durable => durable.AddTasks(tasks => tasks.AddOrchestrator<NeedsUnregisteredService>()));
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(NeedsUnregisteredService), cancellationToken: deadline.Token);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: deadline.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains($"after {DurableTaskWorker.MaxEpisodeAttempts} consecutive episodes threw", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(IUnregisteredService), done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        await host.StopAsync(deadline.Token);
    }

    public interface IUnregisteredService;

    private sealed class NeedsUnregisteredService(IUnregisteredService service) : TaskOrchestrator<object?, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, object? input) => Task.FromResult(service.ToString()!);
    }
}
