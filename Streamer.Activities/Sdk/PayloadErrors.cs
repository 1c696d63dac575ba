namespace Streamer.Activities.Sdk;

/// <summary>Collects <see cref="ValidationError"/>s while a handler checks a payload.</summary>
public sealed class PayloadErrors
{
    private readonly List<ValidationError> _errors = [];

    /// <summary>The errors found so far.</summary>
    public IReadOnlyList<ValidationError> Errors => _errors;

    /// <summary>Whether no error was found.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>Records an error for <paramref name="field"/> (a name under <c>payload</c>, e.g. <c>batch_size</c>).</summary>
    public PayloadErrors Add(string field, string message)
    {
        _errors.Add(new ValidationError(field.StartsWith("payload", StringComparison.Ordinal) ? field : "payload." + field, message));
        return this;
    }

    /// <summary>Records an error unless <paramref name="condition"/> holds.</summary>
    public PayloadErrors Require(bool condition, string field, string message) => condition ? this : Add(field, message);

    /// <summary>Requires <paramref name="value"/> to lie within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public PayloadErrors InRange(int value, int min, int max, string field)
        => Require(value >= min && value <= max, field, $"must be between {min} and {max}; got {value}");

    /// <summary>Requires a non-empty string.</summary>
    public PayloadErrors NotEmpty(string? value, string field)
        => Require(!string.IsNullOrWhiteSpace(value), field, "is required and must not be empty");

    /// <summary>Requires <paramref name="value"/> to be one of <paramref name="allowed"/> (ordinal comparison).</summary>
    public PayloadErrors OneOf(string? value, IReadOnlyCollection<string> allowed, string field)
        => Require(value is not null && allowed.Contains(value, StringComparer.Ordinal), field, $"must be one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}; got '{value}'");
}
