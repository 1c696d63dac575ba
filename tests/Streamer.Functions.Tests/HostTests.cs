using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streamer.Durable;
using Streamer.Durable.Worker;

namespace Streamer.Functions.Tests;

public sealed class HostTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Health_endpoint_answers_healthy()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Worker_limits_come_from_host_json_durableTask_section()
    {
        var options = factory.Services.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value;

        Assert.Equal(32, options.MaxConcurrentActivityFunctions);
        Assert.Equal(16, options.MaxConcurrentOrchestratorFunctions);
    }

    [Fact]
    public async Task Host_runs_the_durable_worker()
    {
        var client = factory.Services.GetRequiredService<DurableTaskClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // No orchestrator is registered yet, so the worker fails the instance with a clear reason.
        var id = await client.ScheduleNewOrchestrationInstanceAsync("NotRegistered", cancellationToken: timeout.Token);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("No orchestrator named 'NotRegistered'", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }
}
