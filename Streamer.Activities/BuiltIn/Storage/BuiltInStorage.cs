namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>
/// The storage the built-in actions work on (a singleton): tables <c>{prefix}DataRecords</c> and
/// <c>{prefix}DataSets</c> (data sets), <c>{prefix}Entities</c> (bulk_operation), and containers
/// <c>{prefix}-outputs</c> (files handed to clients) and <c>{prefix}-work</c> (what chunks hand each other).
/// Tables and containers are created when first used, once per process.
/// </summary>
public sealed class BuiltInStorage
{
    /// <summary>Creates the clients; nothing is contacted until an action runs.</summary>
    public BuiltInStorage(BuiltInStorageOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var tables = options.Account.CreateTableServiceClient();
        var blobs = options.Account.CreateBlobServiceClient();
        var prefix = options.NamePrefix;
        var lower = prefix.ToLowerInvariant();
        DataSets = new DataSetStore(tables.GetTableClient(prefix + "DataRecords"), tables.GetTableClient(prefix + "DataSets"));
        Entities = new EntityStore(tables.GetTableClient(prefix + "Entities"));
        Files = new OutputFiles(blobs.GetBlobContainerClient(lower + "-outputs"), time);
        Work = new WorkBlobs(blobs.GetBlobContainerClient(lower + "-work"));
    }

    /// <summary>The table of data set records.</summary>
    public string RecordsTableName => DataSets.RecordsTableName;

    /// <summary>The table listing each owner's data sets.</summary>
    public string DataSetsTableName => DataSets.CatalogTableName;

    /// <summary>The table of bulk_operation's entities.</summary>
    public string EntitiesTableName => Entities.TableName;

    /// <summary>The container of output files.</summary>
    public string OutputsContainerName => Files.ContainerName;

    /// <summary>The container of what a request's chunks hand each other (under <c>{ownerKey}/{request}/</c>).</summary>
    public string WorkContainerName => Work.ContainerName;

    internal DataSetStore DataSets { get; }

    internal EntityStore Entities { get; }

    internal OutputFiles Files { get; }

    internal WorkBlobs Work { get; }
}
