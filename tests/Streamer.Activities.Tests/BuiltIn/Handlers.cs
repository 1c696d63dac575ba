using Streamer.Activities.BuiltIn.BulkOperation;
using Streamer.Activities.BuiltIn.ExportData;
using Streamer.Activities.BuiltIn.GenerateReport;
using Streamer.Activities.BuiltIn.ProcessData;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tests.BuiltIn;

/// <summary>The four storage-backed handlers over one storage; building them contacts nothing.</summary>
internal sealed class Handlers(BuiltInStorage storage, TimeProvider? time = null)
{
    public BuiltInStorage Storage { get; } = storage;

    public IActionHandler Bulk { get; } = new BulkOperationHandler(storage, time ?? TimeProvider.System);

    public IActionHandler Process { get; } = new ProcessDataHandler(storage, time ?? TimeProvider.System);

    public IActionHandler Report { get; } = new GenerateReportHandler(storage, time ?? TimeProvider.System);

    public IActionHandler Export { get; } = new ExportDataHandler(storage);

    /// <summary>Handlers whose storage points nowhere: enough for validation and estimates.</summary>
    public static Handlers Offline() => new(new BuiltInStorage(new BuiltInStorageOptions { Account = Streamer.Activities.Storage.StorageAccount.FromConnectionString("UseDevelopmentStorage=true") }, TimeProvider.System));
}
