using Microsoft.Extensions.DependencyInjection.Extensions;
using Streamer.Activities.BuiltIn.BulkOperation;
using Streamer.Activities.BuiltIn.Echo;
using Streamer.Activities.BuiltIn.ExportData;
using Streamer.Activities.BuiltIn.GenerateReport;
using Streamer.Activities.BuiltIn.ProcessData;
using Streamer.Activities.BuiltIn.Storage;

// Extension methods live in the DI namespace so `using Microsoft.Extensions.DependencyInjection;` finds them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the built-in actions of DESIGN §4.3.</summary>
public static class BuiltInActionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>echo</c>, <c>echo_async</c> and the storage-backed actions (<c>bulk_operation</c>, <c>process_data</c>,
    /// <c>generate_report</c>, <c>export_data</c>), which keep their data where <paramref name="storage"/> says, and what
    /// deletes each request's files and work blobs when the request is purged or swept by retention.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="storage">
    /// The storage account and name prefix, read when the actions are first resolved (so configuration added later
    /// still applies); a host typically passes its task hub's connection string and hub name.
    /// </param>
    public static IServiceCollection AddBuiltInActions(this IServiceCollection services, Func<IServiceProvider, BuiltInStorageOptions> storage)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storage);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new BuiltInStorage(storage(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddAction<EchoHandler>();
        services.AddAction<EchoAsyncHandler>();
        services.AddAction<BulkOperationHandler>();
        services.AddAction<ProcessDataHandler>();
        services.AddAction<GenerateReportHandler>();
        services.AddAction<ExportDataHandler>();
        services.AddRequestArtifacts<BuiltInRequestArtifacts>();
        return services;
    }
}
