using Streamer.Activities.BuiltIn.Echo;

// Extension methods live in the DI namespace so `using Microsoft.Extensions.DependencyInjection;` finds them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the built-in actions of DESIGN §4.3.</summary>
public static class BuiltInActionsServiceCollectionExtensions
{
    /// <summary>Adds <c>echo</c>, <c>echo_async</c> and the storage-backed actions.</summary>
    public static IServiceCollection AddBuiltInActions(this IServiceCollection services)
    {
        services.AddAction<EchoHandler>();
        services.AddAction<EchoAsyncHandler>();
        return services;
    }
}
