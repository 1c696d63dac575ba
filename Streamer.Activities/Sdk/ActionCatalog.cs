using System.Text.RegularExpressions;

namespace Streamer.Activities.Sdk;

/// <summary>The registered actions, by name (ordinal, case-sensitive).</summary>
public sealed partial class ActionCatalog
{
    private readonly Dictionary<string, IActionHandler> _handlers;

    /// <summary>Builds the catalog; names must be unique and match <c>[A-Za-z0-9._-]+</c>.</summary>
    public ActionCatalog(IEnumerable<IActionHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _handlers = new Dictionary<string, IActionHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!IsValidName(handler.Name))
            {
                throw new ArgumentException($"Action name '{handler.Name}' of {handler.GetType().Name} must match [A-Za-z0-9._-]+ (at most 64 characters).", nameof(handlers));
            }

            if (!_handlers.TryAdd(handler.Name, handler))
            {
                throw new ArgumentException($"Action '{handler.Name}' is registered twice ({_handlers[handler.Name].GetType().Name} and {handler.GetType().Name}).", nameof(handlers));
            }
        }
    }

    /// <summary>The registered action names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _handlers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="name"/> is a well-formed action name.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Finds the handler for an action, or null.</summary>
    public IActionHandler? Find(string name) => _handlers.GetValueOrDefault(name);

    // \A and \z, not ^ and $: '$' also matches before a final newline, so "echo\n" would pass.
    [GeneratedRegex(@"\A[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex NamePattern();
}
