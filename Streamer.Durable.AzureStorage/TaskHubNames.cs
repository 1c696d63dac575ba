using System.Globalization;

namespace Streamer.Durable.AzureStorage;

/// <summary>The tables, queues and containers of one task hub.</summary>
internal sealed class TaskHubNames(string hubName)
{
    private readonly string _lower = hubName.ToLowerInvariant();

    public string InstancesTable => $"{hubName}Instances";

    public string HistoryTable => $"{hubName}History";

    public string WorkItemQueue => $"{_lower}-workitems";

    public string PoisonQueue => $"{_lower}-poison";

    public string LeaseContainer => $"{_lower}-leases";

    public string PayloadContainer => $"{_lower}-largemessages";

    public string ControlQueue(int partition) => string.Create(CultureInfo.InvariantCulture, $"{_lower}-control-{partition:D2}");
}
