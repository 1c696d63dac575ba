using System.Text.RegularExpressions;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>Where the storage-backed built-in actions keep their data: one Azure Storage account (Azurite locally).</summary>
public sealed partial class BuiltInStorageOptions
{
    /// <summary>
    /// A storage connection string with the account key (for example <c>UseDevelopmentStorage=true</c>); the key
    /// signs the SAS URLs handed out for output files.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// Starts every table and container name (3–45 letters and digits, starting with a letter), so that hosts or
    /// tests sharing an account keep their data apart; the host passes its task hub name.
    /// </summary>
    public string NamePrefix { get; init; } = "Streamer";

    /// <summary>Throws when a setting cannot work, naming it.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("ConnectionString is required.", nameof(ConnectionString));
        }

        if (NamePrefix is null || !PrefixPattern().IsMatch(NamePrefix))
        {
            throw new ArgumentException($"NamePrefix must be 3–45 letters and digits starting with a letter; got '{NamePrefix}'.", nameof(NamePrefix));
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex PrefixPattern();
}
