using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Streamer.Durable.Backends;
using Streamer.Durable.Backends.InMemory;
using Streamer.Durable.Worker;

namespace Streamer.Durable.DependencyInjection;

/// <summary>Configures the durable engine inside <see cref="DurableTaskServiceCollectionExtensions.AddDurableTask"/>.</summary>
public sealed class DurableTaskBuilder
{
    internal DurableTaskBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers orchestrators and activities.</summary>
    public DurableTaskBuilder AddTasks(Action<DurableTaskRegistry> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        Services.Configure<DurableTaskRegistryOptions>(o => o.Registrations.Add(register));
        return this;
    }

    /// <summary>Sets worker limits.</summary>
    public DurableTaskBuilder ConfigureWorker(Action<DurableTaskWorkerOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Uses a backend built from the service provider (one per application).</summary>
    public DurableTaskBuilder UseBackend(Func<IServiceProvider, IOrchestrationBackend> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Uses a backend the caller owns: the container will not dispose it, so it can outlive the host (a restart over the same task hub).</summary>
    public DurableTaskBuilder UseBackend(IOrchestrationBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Services.Replace(ServiceDescriptor.Singleton(backend));
        return this;
    }

    /// <summary>Keeps the task hub in process memory: for tests and quick starts; nothing survives a restart.</summary>
    public DurableTaskBuilder UseInMemoryBackend()
        => UseBackend(sp => new InMemoryOrchestrationBackend(sp.GetService<TimeProvider>()));

    /// <summary>Runs only the client (no worker in this process).</summary>
    public DurableTaskBuilder WithoutWorker()
    {
        var hosted = Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory is not null
            && d.ImplementationFactory.Method.ReturnType == typeof(DurableTaskWorker)).ToList();
        foreach (var descriptor in hosted)
        {
            Services.Remove(descriptor);
        }

        return this;
    }
}
