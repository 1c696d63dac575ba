using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Durable.Configuration;

namespace Streamer.Durable.Tests;

/// <summary>host.json's <c>extensions:durableTask</c>, with Durable Functions' names and defaults, onto DTFx's settings.</summary>
public sealed class HostJsonMappingTests
{
    private const string Connection = "UseDevelopmentStorage=true";

    [Fact]
    public void Every_Durable_Functions_setting_binds_onto_the_Azure_Storage_settings()
    {
        var settings = TaskHubSettings.FromConfiguration(Configuration(new()
        {
            ["MyStorage"] = Connection,
            ["extensions:durableTask:hubName"] = "MyHub",
            ["extensions:durableTask:maxConcurrentActivityFunctions"] = "7",
            ["extensions:durableTask:maxConcurrentOrchestratorFunctions"] = "9",
            ["extensions:durableTask:extendedSessionsEnabled"] = "true",
            ["extensions:durableTask:extendedSessionIdleTimeoutInSeconds"] = "45",
            ["extensions:durableTask:storageProvider:connectionName"] = "MyStorage",
            ["extensions:durableTask:storageProvider:partitionCount"] = "6",
            ["extensions:durableTask:storageProvider:controlQueueBatchSize"] = "16",
            ["extensions:durableTask:storageProvider:controlQueueBufferThreshold"] = "64",
            ["extensions:durableTask:storageProvider:maxQueuePollingInterval"] = "00:00:02",
            ["extensions:durableTask:storageProvider:controlQueueVisibilityTimeout"] = "00:03:00",
            ["extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout"] = "00:04:00",
        }));

        var dtfx = settings.ToAzureStorageSettings(NullLoggerFactory.Instance);

        Assert.Equal(Connection, settings.ConnectionString);
        Assert.Equal("MyHub", dtfx.TaskHubName);
        Assert.Equal(7, dtfx.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(9, dtfx.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.True(dtfx.ExtendedSessionsEnabled);
        Assert.Equal(TimeSpan.FromSeconds(45), dtfx.ExtendedSessionIdleTimeout);
        Assert.Equal(6, dtfx.PartitionCount);
        Assert.Equal(16, dtfx.ControlQueueBatchSize);
        Assert.Equal(64, dtfx.ControlQueueBufferThreshold);
        Assert.Equal(TimeSpan.FromSeconds(2), dtfx.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromMinutes(3), dtfx.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(4), dtfx.WorkItemQueueVisibilityTimeout);
        Assert.NotNull(dtfx.StorageAccountClientProvider);
    }

    [Fact]
    public void Defaults_are_Durable_Functions_defaults()
    {
        var settings = TaskHubSettings.FromConfiguration(Configuration(new() { ["AzureWebJobsStorage"] = Connection }));

        var dtfx = settings.ToAzureStorageSettings(NullLoggerFactory.Instance);

        Assert.Equal("TestHubName", dtfx.TaskHubName);
        Assert.Equal(10 * Environment.ProcessorCount, dtfx.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(10 * Environment.ProcessorCount, dtfx.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.False(dtfx.ExtendedSessionsEnabled);
        Assert.Equal(TimeSpan.FromSeconds(30), dtfx.ExtendedSessionIdleTimeout);
        Assert.Equal(4, dtfx.PartitionCount);
        Assert.Equal(32, dtfx.ControlQueueBatchSize);
        Assert.Equal(128, dtfx.ControlQueueBufferThreshold);
        Assert.Equal(TimeSpan.FromSeconds(30), dtfx.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), dtfx.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), dtfx.WorkItemQueueVisibilityTimeout);
        Assert.True(dtfx.FetchLargeMessageDataEnabled);

        // Durable Functions 3.x leases partitions in the {hub}Partitions table; a host on blob leases would not see its leases.
        Assert.True(dtfx.UseTablePartitionManagement);
        Assert.True(dtfx.ThrowExceptionOnInvalidDedupeStatus);
    }

    [Fact]
    public void Connection_string_is_also_read_from_ConnectionStrings()
    {
        var settings = TaskHubSettings.FromConfiguration(Configuration(new() { ["ConnectionStrings:AzureWebJobsStorage"] = Connection }));

        Assert.Equal(Connection, settings.ConnectionString);
    }

    [Fact]
    public void Missing_connection_string_names_the_setting_it_looked_in()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => TaskHubSettings.FromConfiguration(Configuration([])));
        var missingNamed = Assert.Throws<InvalidOperationException>(() => TaskHubSettings.FromConfiguration(Configuration(new()
        {
            ["AzureWebJobsStorage"] = Connection,
            ["extensions:durableTask:storageProvider:connectionName"] = "OtherStorage",
        })));

        Assert.Contains("'AzureWebJobsStorage'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'OtherStorage'", missingNamed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hubName", "1startswithdigit")]
    [InlineData("hubName", "has-dash")]
    [InlineData("hubName", "ab")]
    [InlineData("maxConcurrentActivityFunctions", "0")]
    [InlineData("maxConcurrentOrchestratorFunctions", "0")]
    [InlineData("extendedSessionIdleTimeoutInSeconds", "0")]
    [InlineData("storageProvider:partitionCount", "17")]
    [InlineData("storageProvider:partitionCount", "0")]
    [InlineData("storageProvider:controlQueueBatchSize", "33")]
    [InlineData("storageProvider:controlQueueBufferThreshold", "0")]
    [InlineData("storageProvider:maxQueuePollingInterval", "00:00:00")]
    [InlineData("storageProvider:partitionCount", "four")]
    [InlineData("storageProvider:maxQueuePollingInterval", "soon")]
    [InlineData("extendedSessionsEnabled", "maybe")]
    public void Invalid_value_throws_InvalidOperationException_naming_the_setting(string key, string value)
    {
        var configuration = Configuration(new()
        {
            ["AzureWebJobsStorage"] = Connection,
            [$"extensions:durableTask:{key}"] = value,
        });

        var error = Assert.Throws<InvalidOperationException>(() => TaskHubSettings.FromConfiguration(configuration));

        // Range checks name the host.json path (durableTask.storageProvider.partitionCount), the binder its configuration
        // key (durableTask:StorageProvider:PartitionCount): either way the setting to fix.
        var named = $"durableTask.{key.Replace(':', '.')}";
        Assert.True(error.Message.Replace(':', '.').Contains(named, StringComparison.OrdinalIgnoreCase), $"'{error.Message}' does not name {named}");
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
