using Streamer.Durable.Worker;

namespace Streamer.Durable.DependencyInjection;

/// <summary>Collects task registrations from every <c>AddTasks</c> call until the registry is built.</summary>
internal sealed class DurableTaskRegistryOptions
{
    public List<Action<DurableTaskRegistry>> Registrations { get; } = [];

    public DurableTaskRegistry Build()
    {
        var registry = new DurableTaskRegistry();
        foreach (var register in Registrations)
        {
            register(registry);
        }

        return registry;
    }
}
