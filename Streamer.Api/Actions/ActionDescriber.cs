using Streamer.Activities.Sdk;
using Streamer.Api.Actions.Contracts;

namespace Streamer.Api.Actions;

/// <summary>Describes registered actions for clients: name, example payload, and whether that example would run durably.</summary>
internal static class ActionDescriber
{
    /// <summary>The actions of <paramref name="catalog"/> that <paramref name="mayStart"/> allows, sorted by name.</summary>
    public static IReadOnlyList<ActionDescription> Describe(ActionCatalog catalog, TimeSpan syncThreshold, Func<string, bool> mayStart)
        => [.. catalog.Names.Where(mayStart).Select(name => Describe(catalog.Find(name)!, syncThreshold))];

    private static ActionDescription Describe(IActionHandler handler, TimeSpan syncThreshold)
    {
        var example = handler.Example;

        // The starter decides sync or async from the estimate of a valid payload, so only a valid example can be judged.
        bool? runsAsync = example is { } payload && handler.Validate(payload).Count == 0
            ? handler.EstimateDuration(payload) >= syncThreshold
            : null;
        return new ActionDescription(handler.Name, runsAsync, example);
    }
}
