using System.Runtime.CompilerServices;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Worker;

namespace Streamer.Durable.Tests;

/// <summary>
/// A generic host configured as a Function App would be (AzureWebJobsStorage and host.json's durableTask section), running
/// the test orchestrators on its own task hub.
/// </summary>
internal sealed class DurableTestHost : IAsyncDisposable
{
    private DurableTestHost(IHost host, string hubName)
    {
        Host = host;
        HubName = hubName;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    public IHost Host { get; }

    public string HubName { get; }

    public DurableTaskClient Client { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>A task hub name unique to one test: letters and digits, starting with a letter, readable in Azurite.</summary>
    public static string NewHubName(string test)
    {
        var letters = new string([.. test.Where(char.IsAsciiLetterOrDigit).Take(20)]);
        return "t" + letters + Guid.NewGuid().ToString("N")[..10];
    }

    /// <summary>Starts the host and, unless told otherwise, waits until its worker runs (holds the task hub's partitions).</summary>
    public static async Task<DurableTestHost> StartAsync(
        string connectionString,
        IDictionary<string, string?>? settings = null,
        bool waitUntilRunning = true,
        Action<DurableTaskRegistry>? tasks = null,
        [CallerMemberName] string test = "")
    {
        var hubName = NewHubName(test);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["extensions:durableTask:hubName"] = hubName,
            ["extensions:durableTask:storageProvider:maxQueuePollingInterval"] = "00:00:01",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDurableTaskHub(tasks ?? TestTasks.Register);
        var host = builder.Build();
        await host.StartAsync(Eventually.Deadline());
        var testHost = new DurableTestHost(host, hubName);
        if (waitUntilRunning)
        {
            var state = host.Services.GetRequiredService<TaskHubWorkerState>();
            await Eventually.UntilAsync(() => state.IsRunning, $"the worker of task hub {hubName} to start (last failure: {state.LastStartFailure})");
        }

        return testHost;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Host.StopAsync(timeout.Token);
        Host.Dispose();
    }
}
