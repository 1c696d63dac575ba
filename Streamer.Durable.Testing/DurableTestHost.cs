using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Streamer.Durable.Backends;
using Streamer.Durable.Backends.InMemory;
using Streamer.Durable.Worker;

namespace Streamer.Durable.Testing;

/// <summary>
/// Runs orchestrators in process for unit tests: an in-memory task hub, the real worker, and a fake
/// clock that (by default) jumps to the next durable timer whenever nothing else can run, so a
/// seven-day timer fires at once.
/// </summary>
/// <example>
/// <code>
/// await using var host = await DurableTestHost.StartAsync(r => r
///     .AddOrchestrator&lt;GreetingOrchestrator&gt;()
///     .FakeActivity&lt;string, string&gt;("SayHello", name =&gt; $"Hello, {name}!"));
/// var result = await host.RunAsync(nameof(GreetingOrchestrator), "Tokyo");
/// Assert.Equal("Hello, Tokyo!", result.ReadOutputAs&lt;string&gt;());
/// </code>
/// </example>
public sealed class DurableTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly DurableTaskWorker _worker;
    private readonly InMemoryOrchestrationBackend _backend;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _timeSkipper;

    private DurableTestHost(ServiceProvider services, DurableTestHostOptions options)
    {
        _services = services;
        Options = options;
        TimeProvider = services.GetRequiredService<FakeTimeProvider>();
        Client = services.GetRequiredService<DurableTaskClient>();
        _backend = (InMemoryOrchestrationBackend)services.GetRequiredService<IOrchestrationBackend>();
        _worker = services.GetRequiredService<DurableTaskWorker>();
        _timeSkipper = options.AutoAdvanceTime ? Task.Run(SkipTimeAsync) : Task.CompletedTask;
    }

    /// <summary>The client for starting and inspecting instances.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>The fake clock seen by orchestrators, timers and activities.</summary>
    public FakeTimeProvider TimeProvider { get; }

    /// <summary>The host's services, for resolving what tests registered with <see cref="DurableTestHostOptions.ConfigureServices"/>.</summary>
    public IServiceProvider Services => _services;

    /// <summary>The settings this host runs with.</summary>
    public DurableTestHostOptions Options { get; }

    /// <summary>Starts a host with the tasks registered by <paramref name="registerTasks"/>.</summary>
    public static async Task<DurableTestHost> StartAsync(Action<DurableTaskRegistry> registerTasks, DurableTestHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registerTasks);
        options ??= new DurableTestHostOptions();
        var clock = new FakeTimeProvider(options.StartTime);
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        options.ConfigureServices?.Invoke(services);
        services.AddDurableTask(b =>
        {
            b.AddTasks(registerTasks);
            b.UseInMemoryBackend();
            b.ConfigureWorker(w => options.ConfigureWorker?.Invoke(w));
        });

        var host = new DurableTestHost(services.BuildServiceProvider(), options);
        await host._worker.StartAsync(CancellationToken.None);
        return host;
    }

    /// <summary>Schedules <paramref name="orchestratorName"/> and waits for it to finish; the result includes inputs and outputs.</summary>
    public async Task<OrchestrationMetadata> RunAsync(string orchestratorName, object? input = null, string? instanceId = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, new StartOrchestrationOptions(instanceId));
        return await WaitForCompletionAsync(id);
    }

    /// <summary>Waits for an instance to finish, failing with <see cref="TimeoutException"/> after <see cref="DurableTestHostOptions.Timeout"/>.</summary>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(Options.Timeout);
        try
        {
            return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var state = await Client.GetInstanceAsync(instanceId);
            throw new TimeoutException($"Instance '{instanceId}' did not finish within {Options.Timeout}; it is {state?.RuntimeStatus.ToString() ?? "unknown"}. "
                + "Is it waiting for an event, or for a timer while AutoAdvanceTime is off?");
        }
    }

    /// <summary>Waits until nothing can run: every instance is finished or waiting for a timer or an event.</summary>
    public async Task WaitForIdleAsync()
    {
        using var timeout = new CancellationTokenSource(Options.Timeout);
        while (true)
        {
            var changed = _backend.WaitForAnyChangeAsync();
            if (_backend.IsIdleNow())
            {
                return;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    /// <summary>Moves the fake clock forward, firing the timers that come due, and waits until the work they start is done.</summary>
    public async Task AdvanceTimeAsync(TimeSpan by)
    {
        await WaitForIdleAsync();
        TimeProvider.Advance(by);
        await WaitForIdleAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _timeSkipper;
        await _worker.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task SkipTimeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var changed = _backend.WaitForAnyChangeAsync();
            if (_backend.TryGetIdleAdvanceTarget(out var next) && next > TimeProvider.GetUtcNow())
            {
                TimeProvider.SetUtcNow(next);
                continue;
            }

            try
            {
                await changed.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
