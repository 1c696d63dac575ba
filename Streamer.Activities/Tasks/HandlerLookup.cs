using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

internal static class HandlerLookup
{
    /// <summary>
    /// The handler for a request. A request whose action was removed from the host after it started fails
    /// with a clear message instead of an obscure null reference.
    /// </summary>
    public static IActionHandler Require(this ActionCatalog catalog, string action)
        => catalog.Find(action) ?? throw new InvalidOperationException($"No handler is registered for action '{action}' on this host.");
}
