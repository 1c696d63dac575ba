using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;
using Streamer.Durable.Worker;
using Xunit.Abstractions;

namespace Streamer.Durable.Tests.Conformance;

/// <summary>
/// A host running a worker with <see cref="ConformanceTasks"/> over one backend, and a client.
/// The worker can be stopped and started again over the same backend, which is what a redeploy
/// (or a crashed process being replaced) looks like to the task hub.
/// </summary>
public sealed class WorkerEnvironment : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper? _output;
    private readonly Action<DurableTaskWorkerOptions>? _configureWorker;

    // Hosts are disposed only at the end: the container owns the backend it resolved, and a
    // restarted worker still needs it.
    private IHost? _running;

    private WorkerEnvironment(IOrchestrationBackend backend, ITestOutputHelper? output, Action<DurableTaskWorkerOptions>? configureWorker)
    {
        Backend = backend;
        _output = output;
        _configureWorker = configureWorker;
        Client = new DurableTaskClient(backend);
    }

    /// <summary>The task hub every worker of this environment runs over.</summary>
    public IOrchestrationBackend Backend { get; }

    /// <summary>The client of the most recently started worker host.</summary>
    public DurableTaskClient Client { get; private set; }

    /// <summary>Starts a worker over <paramref name="backend"/>.</summary>
    public static async Task<WorkerEnvironment> StartAsync(
        IOrchestrationBackend backend,
        ITestOutputHelper? output = null,
        Action<DurableTaskWorkerOptions>? configureWorker = null)
    {
        var environment = new WorkerEnvironment(backend, output, configureWorker);
        await environment.StartWorkerAsync();
        return environment;
    }

    /// <summary>Starts a new worker host over the same backend.</summary>
    public async Task StartWorkerAsync()
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("A worker is already running; stop it first.");
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (_output is not null)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(_output));
        }

        builder.Services.AddDurableTask(durable => durable
            .UseBackend(Backend)
            .AddTasks(ConformanceTasks.Register)
            .ConfigureWorker(options => _configureWorker?.Invoke(options)));

        var host = builder.Build();
        await host.StartAsync();
        _running = host;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>Stops the running worker (gracefully); the backend and its instances stay.</summary>
    public async Task StopWorkerAsync()
    {
        if (_running is null)
        {
            return;
        }

        var host = _running;
        _running = null;
        using var timeout = new CancellationTokenSource(StopTimeout);
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }

    /// <summary>Stops the worker and starts a fresh one over the same backend, with no in-memory state carried over.</summary>
    public async Task RestartWorkerAsync()
    {
        await StopWorkerAsync();
        await StartWorkerAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync();
        switch (Backend)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
