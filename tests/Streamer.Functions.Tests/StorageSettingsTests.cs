using Microsoft.Extensions.Configuration;
using Streamer.Api.Hosting;
using Streamer.Functions.Hosting;

namespace Streamer.Functions.Tests;

/// <summary>The storage settings the Functions app reads, as the Functions host names them (pure configuration, no storage).</summary>
public sealed class StorageSettingsTests
{
    [Fact]
    public void A_connection_string_and_the_hub_name_of_host_json()
    {
        var storage = StreamerStorage.FromConfiguration(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("extensions:durableTask:hubName", "StreamerHub")));

        Assert.Equal("UseDevelopmentStorage=true", storage.Account.ConnectionString);
        Assert.Equal("StreamerHub", storage.TaskHubName);
        Assert.Equal("devstoreaccount1", storage.Account.CreateBlobServiceClient().AccountName);
    }

    [Fact]
    public void An_app_setting_overrides_the_hub_name_as_on_the_Functions_host()
    {
        var storage = StreamerStorage.FromConfiguration(Settings(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            ("extensions:durableTask:hubName", "StreamerHub"),
            ("AzureFunctionsJobHost:extensions:durableTask:hubName", "ProdHub")));

        Assert.Equal("ProdHub", storage.TaskHubName);
    }

    [Fact]
    public void An_identity_based_connection_reaches_the_accounts_endpoints_without_a_key()
    {
        var storage = StreamerStorage.FromConfiguration(Settings(("AzureWebJobsStorage:accountName", "ststreamer"), ("AzureWebJobsStorage:credential", "managedidentity")));

        Assert.Null(storage.Account.ConnectionString);
        Assert.Equal(new Uri("https://ststreamer.blob.core.windows.net/"), storage.Account.CreateBlobServiceClient().Uri);
        Assert.Equal(new Uri("https://ststreamer.table.core.windows.net/"), storage.Account.CreateTableServiceClient().Uri);
        Assert.False(storage.Account.CreateBlobServiceClient().CanGenerateAccountSasUri);
        Assert.Equal(StreamerStorage.DefaultTaskHubName, storage.TaskHubName);
    }

    [Fact]
    public void Service_uris_name_the_endpoints_themselves()
    {
        var storage = StreamerStorage.FromConfiguration(Settings(
            ("AzureWebJobsStorage:blobServiceUri", "https://blobs.example/"),
            ("AzureWebJobsStorage:tableServiceUri", "https://tables.example/")));

        Assert.Equal(new Uri("https://blobs.example/"), storage.Account.CreateBlobServiceClient().Uri);
        Assert.Equal(new Uri("https://tables.example/"), storage.Account.CreateTableServiceClient().Uri);
    }

    [Fact]
    public void Without_a_connection_it_says_which_settings_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StreamerStorage.FromConfiguration(Settings()));

        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_json_beside_the_worker_gives_the_hub_name_and_app_settings_win_over_it()
    {
        var fromHostJson = new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", "UseDevelopmentStorage=true")])
            .AddHostJsonFirst(AppContext.BaseDirectory).Build();
        var overridden = new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", "UseDevelopmentStorage=true"), new("functionTimeout", "00:01:00")])
            .AddHostJsonFirst(AppContext.BaseDirectory).Build();

        Assert.Equal("StreamerHub", StreamerStorage.FromConfiguration(fromHostJson).TaskHubName);
        Assert.Equal("00:10:00", fromHostJson["functionTimeout"]);
        Assert.Equal("00:01:00", overridden["functionTimeout"]);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
