using Streamer.Durable.Worker;

namespace Streamer.Durable.Testing;

/// <summary>Registry helpers for tests.</summary>
public static class DurableTaskRegistryTestingExtensions
{
    /// <summary>Replaces (or adds) activity <paramref name="name"/> with a fake.</summary>
    public static DurableTaskRegistry FakeActivity<TInput, TOutput>(this DurableTaskRegistry registry, string name, Func<TInput, TOutput> fake)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(fake);
        return registry.ReplaceActivity(name, _ => new FakeActivityImpl<TInput, TOutput>(fake));
    }

    private sealed class FakeActivityImpl<TInput, TOutput>(Func<TInput, TOutput> fake) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => Task.FromResult(fake(input));
    }
}
