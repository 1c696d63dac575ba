using System.Globalization;
using Microsoft.DurableTask.Client;
using Streamer.Activities.Sdk;

namespace Streamer.Host.Management;

/// <summary>
/// Reads and checks the management API's inputs, collecting one actionable error per bad value. Durable Functions
/// silently ignores values it cannot parse; here a typo answers 400 instead of quietly widening a query or a purge.
/// </summary>
internal sealed class ManagementInputs(IQueryCollection query)
{
    /// <summary>The longest instance id the engine stores.</summary>
    public const int MaxInstanceIdLength = 256;

    private readonly List<ValidationError> _errors = [];

    /// <summary>The errors found so far.</summary>
    public IReadOnlyList<ValidationError> Errors => _errors;

    /// <summary>Records an error for <paramref name="field"/>.</summary>
    public void Add(string field, string message) => _errors.Add(new ValidationError(field, message));

    /// <summary>Checks an instance id from the route against the engine's rules for ids.</summary>
    public string InstanceId(string instanceId)
    {
        if (instanceId.Length > MaxInstanceIdLength || instanceId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)) || string.IsNullOrWhiteSpace(instanceId))
        {
            _errors.Add(new ValidationError("instanceId", $"must be 1–{MaxInstanceIdLength} characters without '/', '\\', '#', '?' or control characters"));
        }

        return instanceId;
    }

    /// <summary>A <c>true</c>/<c>false</c> query parameter.</summary>
    public bool Flag(string name, bool defaultValue)
    {
        if (Single(name) is not { } text)
        {
            return defaultValue;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        _errors.Add(new ValidationError(name, $"must be 'true' or 'false'; got '{text}'"));
        return defaultValue;
    }

    /// <summary>An ISO 8601 date-time query parameter; without an offset it is taken as UTC, as Durable does.</summary>
    public DateTimeOffset? Time(string name)
    {
        if (Single(name) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        _errors.Add(new ValidationError(name, $"must be an ISO 8601 date-time such as 2024-05-01T00:00:00Z; got '{text}'"));
        return null;
    }

    /// <summary>Requires <paramref name="from"/> to be before <paramref name="to"/> when both are given.</summary>
    public void Range(DateTimeOffset? from, DateTimeOffset? to, string fromName, string toName)
    {
        if (from is { } start && to is { } end && start >= end)
        {
            _errors.Add(new ValidationError(toName, $"must be later than {fromName}; got {fromName} {start:O} and {toName} {end:O}"));
        }
    }

    /// <summary>An integer query parameter within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Integer(string name, int defaultValue, int min, int max)
    {
        if (Single(name) is not { } text)
        {
            return defaultValue;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _errors.Add(new ValidationError(name, $"must be a whole number between {min} and {max}; got '{text}'"));
        return defaultValue;
    }

    /// <summary>Runtime status names, comma-separated and/or repeated (<c>runtimeStatus=Running,Pending</c>).</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses(string name, bool terminalOnly = false)
    {
        var names = query[name].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var allowed = Enum.GetValues<OrchestrationRuntimeStatus>().Where(s => !terminalOnly || s is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated).ToList();
        var statuses = new HashSet<OrchestrationRuntimeStatus>();
        foreach (var text in names)
        {
            var match = allowed.Where(s => string.Equals(s.ToString(), text, StringComparison.OrdinalIgnoreCase)).Select(s => (OrchestrationRuntimeStatus?)s).FirstOrDefault();
            if (match is { } status)
            {
                statuses.Add(status);
            }
            else
            {
                var hint = terminalOnly ? "only finished instances can be purged, so use" : "use";
                _errors.Add(new ValidationError(name, $"'{text}' is not allowed; {hint} {string.Join(", ", allowed)}"));
            }
        }

        return statuses;
    }

    /// <summary>A free-text query parameter, or null.</summary>
    public string? Text(string name) => Single(name);

    private string? Single(string name)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            _errors.Add(new ValidationError(name, $"must be given once; got {values.Count} values"));
        }

        return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
    }
}
