using Microsoft.Extensions.DependencyInjection;
using Streamer.Durable.Backends;

namespace Streamer.Durable.FaultHost;

/// <summary>Wraps the registered <see cref="IOrchestrationBackend"/>, so that the worker, the client and the task hub provisioner all get the wrapper.</summary>
public static class BackendDecoration
{
    /// <summary>Call after <c>AddDurableTask</c>: replaces the last backend registration with <paramref name="decorate"/> applied to it.</summary>
    public static IServiceCollection DecorateOrchestrationBackend(this IServiceCollection services, Func<IOrchestrationBackend, IOrchestrationBackend> decorate)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(decorate);
        var index = services.Count - 1;
        while (index >= 0 && services[index].ServiceType != typeof(IOrchestrationBackend))
        {
            index--;
        }

        if (index < 0)
        {
            throw new InvalidOperationException("No IOrchestrationBackend is registered; call AddDurableTask(...UseAzureStorage(...)) first.");
        }

        var original = services[index];
        if (original.Lifetime != ServiceLifetime.Singleton)
        {
            throw new InvalidOperationException($"The backend is registered as {original.Lifetime}; the durable engine registers it as a singleton.");
        }

        services[index] = ServiceDescriptor.Singleton<IOrchestrationBackend>(sp => decorate(original switch
        {
            { ImplementationFactory: { } factory } => (IOrchestrationBackend)factory(sp),
            { ImplementationType: { } implementation } => (IOrchestrationBackend)ActivatorUtilities.CreateInstance(sp, implementation),
            _ => throw new InvalidOperationException("Only a backend the container creates (UseAzureStorage, UseBackend(factory)) can be wrapped: the wrapper disposes it."),
        }));
        return services;
    }
}
