using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamer.Durable.Client;
using Streamer.Durable.Configuration;
using Streamer.Durable.TaskHub;
using Streamer.Durable.Worker;
using Streamer.Testing.Azurite;

namespace Streamer.Durable.Bench;

/// <summary>
/// Runs one scenario under one configuration on a fresh Azurite (see <see cref="AzuriteGcInterval"/>) and a fresh task
/// hub: builds a host the way an application does (<c>Host.CreateApplicationBuilder</c> + <c>AddDurableTaskHub</c>, the
/// configuration as host.json gives it), starts it, runs a 2-step warm-up orchestration so the worker owns its partitions
/// and both queues and every code path are warm, then starts the scenario's instances at once and waits until every one
/// is seen completed; then checks every output and stops the host and Azurite.
/// </summary>
internal sealed class ScenarioRunner(StorageRequestCounter requests, FrameworkLogCounter logs)
{
    /// <summary>
    /// In memory, Azurite keeps every queue message ever sent as an extent until a garbage-collection pass (at start,
    /// then every 60 s) that blocks its one event loop for a time quadratic in the extents it drops. A fresh Azurite per
    /// run keeps that pass out of the measured window; a run that outlives this interval is flagged.
    /// </summary>
    public static readonly TimeSpan AzuriteGcInterval = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OnePollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ManyPollInterval = TimeSpan.FromMilliseconds(50);

    // Control-message deletes finish just after the instance row says Completed; count them too.
    private static readonly TimeSpan SettleBeforeCounting = TimeSpan.FromMilliseconds(250);

    public async Task<ScenarioResult> RunAsync(BenchConfiguration configuration, ScenarioDefinition scenario)
    {
        logs.ResetShownWarnings();
        await using var azurite = await AzuriteProcess.StartAsync(persistToDisk: false);
        var azuriteAge = Stopwatch.StartNew();
        requests.Watch(azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        var resources = new ResourceUsage(azurite.QueuePort);
        var hubName = NewHubName();
        using var deadline = new CancellationTokenSource(ScenarioTimeout);
        using var host = BuildHost(configuration, azurite.ConnectionString, hubName);
        var warmUp = Stopwatch.StartNew();
        await host.StartAsync(deadline.Token);
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            await WarmUpAsync(host, client, deadline.Token);
            warmUp.Stop();
            var result = await MeasureAsync(configuration, scenario, client, resources, deadline.Token);
            return result with { AzuriteAge = azuriteAge.Elapsed, WarmUp = warmUp.Elapsed, AzuriteMegabytes = resources.AzuriteResidentMegabytes() };
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"'{scenario.Name}' under '{configuration.Key}' did not finish within {ScenarioTimeout.TotalMinutes} min on task hub '{hubName}': "
                + $"{BenchTasks.ActivityRuns} of {scenario.Activities} activities ran; {requests.Snapshot().Total} storage requests, failed: {requests.Snapshot().DescribeFailures()}.");
        }
        finally
        {
            using var stop = new CancellationTokenSource(StopTimeout);
            await host.StopAsync(stop.Token);
        }
    }

    /// <summary>
    /// Sits idle for <paramref name="idle"/> after the warm-up, then times one 1-step orchestration started by the host's
    /// own client; sits idle again and times one started by a client on a second service instance over the same task hub,
    /// as another process (a front end, another host) would start it: DTFx wakes its idle queue pollers only for messages
    /// its own service instance sends.
    /// </summary>
    public async Task<IdleProbeResult> IdleProbeAsync(BenchConfiguration configuration, TimeSpan idle)
    {
        logs.ResetShownWarnings();
        await using var azurite = await AzuriteProcess.StartAsync(persistToDisk: false);
        requests.Watch(azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        using var deadline = new CancellationTokenSource(ScenarioTimeout + idle + idle);
        using var host = BuildHost(configuration, azurite.ConnectionString, NewHubName());
        await host.StartAsync(deadline.Token);
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            await WarmUpAsync(host, client, deadline.Token);
            await Task.Delay(idle, deadline.Token);
            var same = await TimeOneAsync(client, client, deadline.Token);

            using var otherHub = new AzureStorageTaskHub(host.Services.GetRequiredService<TaskHubSettings>(), host.Services.GetRequiredService<ILoggerFactory>());
            await using var other = new TaskHubDurableTaskClient("other", otherHub, host.Services.GetRequiredService<IOptionsMonitor<DurableTaskClientOptions>>(), TimeProvider.System);
            await Task.Delay(idle, deadline.Token);
            var fromOther = await TimeOneAsync(other, client, deadline.Token);
            return new IdleProbeResult(configuration, idle, same, fromOther);
        }
        finally
        {
            using var stop = new CancellationTokenSource(StopTimeout);
            await host.StopAsync(stop.Token);
        }
    }

    private static string NewHubName() => "bench" + Guid.NewGuid().ToString("N")[..12];

    private IHost BuildHost(BenchConfiguration configuration, string connectionString, string hubName)
    {
        // The content root is the program's own folder and configuration is not watched: the default (watch the working
        // directory, here the repository with node_modules) would cost thousands of inotify watches per host.
        var manager = new ConfigurationManager();
        manager["hostBuilder:reloadConfigOnChange"] = "false";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Configuration = manager });
        if (configuration.FromHostJson)
        {
            builder.Configuration.AddJsonFile(RepositoryPaths.HostJson, optional: false, reloadOnChange: false);
        }

        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            [DurableTaskOptions.Section + ":hubName"] = hubName,
        };
        foreach (var (key, value) in configuration.Overrides)
        {
            values[DurableTaskOptions.Section + ":" + key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(logs);
        builder.Services.AddDurableTaskHub(BenchTasks.Register);
        return builder.Build();
    }

    /// <summary>Waits for the worker to start, then runs a 2-step chain to completion.</summary>
    private static async Task WarmUpAsync(IHost host, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var state = host.Services.GetRequiredService<TaskHubWorkerState>();
        var started = Stopwatch.StartNew();
        while (!state.IsRunning)
        {
            if (state.LastStartFailure is { } failure && started.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("The task hub worker does not start: " + failure.Message, failure);
            }

            await Task.Delay(OnePollInterval, cancellationToken);
        }

        var id = await client.ScheduleNewOrchestrationInstanceAsync(BenchTasks.Chain, 2, cancellationToken);
        await WaitForAllAsync(client, [id], cancellationToken);
    }

    private static async Task<TimeSpan> TimeOneAsync(DurableTaskClient starter, DurableTaskClient watcher, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var id = await starter.ScheduleNewOrchestrationInstanceAsync(BenchTasks.Chain, 1, cancellationToken);
        await WaitForAllAsync(watcher, [id], cancellationToken);
        return clock.Elapsed;
    }

    private async Task<ScenarioResult> MeasureAsync(BenchConfiguration configuration, ScenarioDefinition scenario, DurableTaskClient client, ResourceUsage resources, CancellationToken cancellationToken)
    {
        requests.Reset();
        logs.Reset();
        BenchTasks.Reset();
        var cpuBefore = resources.Sample();
        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, scenario.Instances).Select(
            _ => client.ScheduleNewOrchestrationInstanceAsync(scenario.Orchestrator, scenario.ActivitiesPerInstance, cancellationToken)));
        await WaitForAllAsync(client, ids, cancellationToken);
        var elapsed = clock.Elapsed;
        var cpu = CpuShare.Between(cpuBefore, resources.Sample(), elapsed);
        var activityTimes = BenchTasks.ActivityTimes();
        var bodyStarts = BenchTasks.BodyStarts;
        var replayedCalls = BenchTasks.ReplayedCalls;
        await Task.Delay(SettleBeforeCounting, cancellationToken);
        var result = new ScenarioResult(configuration, scenario, elapsed, cpu, requests.Snapshot(), logs.Snapshot(), bodyStarts, replayedCalls, activityTimes);
        await VerifyAsync(client, scenario, ids, cancellationToken);
        return result;
    }

    /// <summary>Polls each instance's row in turn (20 ms apart for one instance, 50 ms for many) until all are seen completed; not counted as runner work.</summary>
    private static async Task WaitForAllAsync(DurableTaskClient client, string[] ids, CancellationToken cancellationToken)
    {
        StorageRequestCounter.ExcludeCurrentFlow();
        var interval = ids.Length == 1 ? OnePollInterval : ManyPollInterval;
        foreach (var id in ids)
        {
            while ((await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken))?.IsCompleted != true)
            {
                await Task.Delay(interval, cancellationToken);
            }
        }
    }

    private static async Task VerifyAsync(DurableTaskClient client, ScenarioDefinition scenario, string[] ids, CancellationToken cancellationToken)
    {
        StorageRequestCounter.ExcludeCurrentFlow();
        foreach (var id in ids)
        {
            var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"'{scenario.Name}': instance '{id}' disappeared.");
            if (state.RuntimeStatus != OrchestrationRuntimeStatus.Completed || state.ReadOutputAs<int>() != scenario.ActivitiesPerInstance)
            {
                throw new InvalidOperationException(
                    $"'{scenario.Name}': instance '{id}' ended {state.RuntimeStatus} with output {state.SerializedOutput}: {state.FailureDetails}");
            }
        }
    }
}
