using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Testing.Azurite;

namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>
/// Runs one scenario on a fresh Azurite (see <see cref="AzuriteGcInterval"/>) and task hub: creates
/// the hub, starts a host the way an application does (<c>Host.CreateApplicationBuilder</c> +
/// <c>AddDurableTask(...UseBackend(...))</c>), runs a one-episode ping orchestration so partition
/// leases are held and every path is warm, then starts the scenario's instances and waits for all
/// of them. Afterwards it stops the host and Azurite.
/// </summary>
internal sealed class EngineScenarioRunner(StorageOpCounter storageOps, WorkerCounters workerCounters, ILoggerFactory loggerFactory)
{
    /// <summary>The limits <c>Streamer.Functions/host.json</c> ships (<c>extensions.durableTask</c>).</summary>
    public const int MaxConcurrentActivityFunctions = 32;

    /// <inheritdoc cref="MaxConcurrentActivityFunctions"/>
    public const int MaxConcurrentOrchestratorFunctions = 16;

    /// <summary>
    /// In memory, Azurite keeps every queue message ever sent as an extent until a garbage-collection
    /// pass, which runs when it starts and then every 60 s, and which blocks its one event loop for a time
    /// quadratic in the extents it drops (measured: 4,000 messages → a 33 s stall; 15,000 → minutes).
    /// A fresh Azurite per measurement keeps that pass out of the measured window; a run that outlives
    /// this interval is flagged.
    /// </summary>
    public static readonly TimeSpan AzuriteGcInterval = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OnePollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ManyPollInterval = TimeSpan.FromMilliseconds(100);

    // Control-message deletes finish just after the instance row says Completed; count them too.
    private static readonly TimeSpan SettleBeforeCounting = TimeSpan.FromMilliseconds(250);

    private static readonly OrchestrationRuntimeStatus[] Unfinished =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public async Task<ScenarioResult> RunAsync(ScenarioDefinition scenario)
    {
        await using var azurite = await AzuriteProcess.StartAsync(persistToDisk: false);
        var azuriteAge = Stopwatch.StartNew();
        storageOps.Watch(azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        var resources = new ResourceUsage(azurite.QueuePort);
        var hubName = "bench" + Guid.NewGuid().ToString("N")[..12];
        var backend = new AzureStorageOrchestrationBackend(
            new AzureStorageBackendOptions { ConnectionString = azurite.ConnectionString, TaskHubName = hubName },
            loggerFactory: loggerFactory);
        using var deadline = new CancellationTokenSource(ScenarioTimeout);
        try
        {
            await backend.CreateIfNotExistsAsync(deadline.Token);
            using var host = BuildHost(backend);
            await host.StartAsync(deadline.Token);
            try
            {
                var client = host.Services.GetRequiredService<DurableTaskClient>();
                var ping = await client.ScheduleNewOrchestrationInstanceAsync(BenchTasks.Ping, 1, cancellationToken: deadline.Token);
                await WaitForOneAsync(client, ping, deadline.Token);
                var result = await MeasureAsync(client, scenario, resources, deadline.Token);
                return result with { AzuriteAge = azuriteAge.Elapsed };
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                var ops = storageOps.Snapshot();
                var times = workerCounters.ActivityTimes();
                throw new TimeoutException(
                    $"Scenario '{scenario.Name}' ({scenario.Instances} × {scenario.Orchestrator}({scenario.ActivitiesPerInstance})) did not finish within {ScenarioTimeout.TotalMinutes} min "
                    + $"on task hub '{hubName}': {workerCounters.Get(WorkerCounters.Activities)} of {scenario.Activities} activities and "
                    + $"{workerCounters.Get(WorkerCounters.Episodes)} episodes ran, the last activity at {(times.Count > 0 ? times[^1].TotalSeconds : 0):F1} s; "
                    + $"{ops.Total} storage requests, failed: {ops.DescribeFailures()}. Look for backend warnings above.");
            }
            finally
            {
                using var stop = new CancellationTokenSource(StopTimeout);
                await host.StopAsync(stop.Token);
            }
        }
        finally
        {
            await backend.DisposeAsync();
        }
    }

    private static IHost BuildHost(AzureStorageOrchestrationBackend backend)
    {
        // The content root is the program's own folder and configuration is not watched: the
        // default (watch the working directory, here the repository with node_modules) would cost
        // thousands of inotify watches per host.
        var configuration = new ConfigurationManager();
        configuration["hostBuilder:reloadConfigOnChange"] = "false";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Configuration = configuration });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDurableTask(durable => durable
            .AddTasks(BenchTasks.Register)
            .UseBackend(backend)
            .ConfigureWorker(worker =>
            {
                worker.MaxConcurrentActivityFunctions = MaxConcurrentActivityFunctions;
                worker.MaxConcurrentOrchestratorFunctions = MaxConcurrentOrchestratorFunctions;
            }));
        return builder.Build();
    }

    private async Task<ScenarioResult> MeasureAsync(DurableTaskClient client, ScenarioDefinition scenario, ResourceUsage resources, CancellationToken cancellationToken)
    {
        storageOps.Reset();
        workerCounters.Reset();
        var cpuBefore = resources.Sample();
        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, scenario.Instances).Select(
            _ => client.ScheduleNewOrchestrationInstanceAsync(scenario.Orchestrator, scenario.ActivitiesPerInstance, cancellationToken: cancellationToken)));
        if (ids.Length == 1)
        {
            await WaitForOneAsync(client, ids[0], cancellationToken);
        }
        else
        {
            await WaitForAllAsync(client, cancellationToken);
        }

        var elapsed = clock.Elapsed;
        var cpuShare = CpuShare.Between(cpuBefore, resources.Sample(), elapsed);
        var activityTimes = workerCounters.ActivityTimes();
        await Task.Delay(SettleBeforeCounting, cancellationToken);
        var result = new ScenarioResult(scenario, elapsed, storageOps.Snapshot(), workerCounters.Snapshot(), activityTimes, cpuShare)
        {
            AzuriteMegabytes = resources.AzuriteResidentMegabytes(),
        };
        await VerifyAsync(client, scenario, ids, cancellationToken);
        return result;
    }

    /// <summary>Polls one instance's row (one table read) every 20 ms; these reads are not counted as engine work.</summary>
    private static async Task WaitForOneAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        StorageOpCounter.ExcludeCurrentFlow();
        while ((await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken))?.IsCompleted != true)
        {
            await Task.Delay(OnePollInterval, cancellationToken);
        }
    }

    /// <summary>Queries the hub for unfinished instances (one table query) every 100 ms until there are none; not counted as engine work.</summary>
    private static async Task WaitForAllAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        StorageOpCounter.ExcludeCurrentFlow();
        var query = new OrchestrationQuery { Statuses = Unfinished, PageSize = 1000 };
        while ((await client.QueryInstancesAsync(query, cancellationToken)).Values.Count > 0)
        {
            await Task.Delay(ManyPollInterval, cancellationToken);
        }
    }

    private static async Task VerifyAsync(DurableTaskClient client, ScenarioDefinition scenario, string[] ids, CancellationToken cancellationToken)
    {
        StorageOpCounter.ExcludeCurrentFlow();
        foreach (var id in ids)
        {
            var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"Scenario '{scenario.Name}': instance '{id}' disappeared.");
            if (state.RuntimeStatus != OrchestrationRuntimeStatus.Completed || state.ReadOutputAs<int>() != scenario.ActivitiesPerInstance)
            {
                throw new InvalidOperationException(
                    $"Scenario '{scenario.Name}': instance '{id}' ended {state.RuntimeStatus} with output {state.SerializedOutput}: {state.FailureDetails}");
            }
        }
    }
}
