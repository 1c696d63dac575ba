using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streamer.Durable.Worker;
using Streamer.Functions.Tests.Infrastructure;

namespace Streamer.Functions.Tests;

[Collection(StreamerAppCollection.Name)]
public sealed class HostTests(StreamerAppFixture app)
{
    [Fact]
    public async Task Health_endpoint_answers_healthy()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Worker_limits_come_from_host_json_durableTask_section()
    {
        var options = app.Services.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value;

        Assert.Equal(32, options.MaxConcurrentActivityFunctions);
        Assert.Equal(16, options.MaxConcurrentOrchestratorFunctions);
    }
}
