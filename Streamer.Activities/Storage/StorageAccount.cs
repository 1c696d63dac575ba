using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Streamer.Activities.Storage;

/// <summary>
/// One Azure Storage account, reached either with a connection string (Azurite, or an account key) or with a token
/// credential (a managed identity in Azure, where the account refuses keys). Clients for its services are made from it.
/// </summary>
public sealed class StorageAccount
{
    private readonly string? _connectionString;
    private readonly TokenCredential? _credential;
    private readonly Uri? _blobServiceUri;
    private readonly Uri? _tableServiceUri;

    private StorageAccount(string? connectionString, Uri? blobServiceUri, Uri? tableServiceUri, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _blobServiceUri = blobServiceUri;
        _tableServiceUri = tableServiceUri;
        _credential = credential;
    }

    /// <summary>The connection string, when the account is reached with one; null with a token credential.</summary>
    public string? ConnectionString => _connectionString;

    /// <summary>An account reached with a connection string (for example <c>UseDevelopmentStorage=true</c>).</summary>
    public static StorageAccount FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new(connectionString, null, null, null);
    }

    /// <summary>An account reached at these service endpoints with <paramref name="credential"/> (a managed identity, say).</summary>
    public static StorageAccount FromServiceUris(Uri blobServiceUri, Uri tableServiceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        return new(null, blobServiceUri, tableServiceUri, credential);
    }

    /// <summary>A client for the account's tables.</summary>
    public TableServiceClient CreateTableServiceClient(TableClientOptions? options = null)
        => _connectionString is not null
            ? new TableServiceClient(_connectionString, options ?? new TableClientOptions())
            : new TableServiceClient(_tableServiceUri!, _credential!, options ?? new TableClientOptions());

    /// <summary>A client for the account's blobs.</summary>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions? options = null)
        => _connectionString is not null
            ? new BlobServiceClient(_connectionString, options ?? new BlobClientOptions())
            : new BlobServiceClient(_blobServiceUri!, _credential!, options ?? new BlobClientOptions());
}
