using System.Text.RegularExpressions;

using Streamer.Activities.Storage;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>Where the storage-backed built-in actions keep their data: one Azure Storage account (Azurite locally).</summary>
public sealed partial class BuiltInStorageOptions
{
    /// <summary>
    /// The storage account. With a connection string that has the account key (for example <c>UseDevelopmentStorage=true</c>)
    /// the key signs the SAS URLs handed out for output files; with a token credential (a managed identity) they are signed
    /// with a user delegation key, which the identity needs the right to get (Storage Blob Data Contributor or Owner).
    /// </summary>
    public required StorageAccount Account { get; init; }

    /// <summary>
    /// Starts every table and container name (3–45 letters and digits, starting with a letter), so that hosts or
    /// tests sharing an account keep their data apart; the host passes its task hub name.
    /// </summary>
    public string NamePrefix { get; init; } = "Streamer";

    /// <summary>Throws when a setting cannot work, naming it.</summary>
    public void Validate()
    {
        if (Account is null)
        {
            throw new ArgumentException("Account is required.", nameof(Account));
        }

        if (NamePrefix is null || !PrefixPattern().IsMatch(NamePrefix))
        {
            throw new ArgumentException($"NamePrefix must be 3–45 letters and digits starting with a letter; got '{NamePrefix}'.", nameof(NamePrefix));
        }
    }

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9]{2,44}\z")]
    private static partial Regex PrefixPattern();
}
