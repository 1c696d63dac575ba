using Microsoft.Extensions.DependencyInjection;
using Streamer.Api.Requests;
using Streamer.Testing;

namespace Streamer.Host.Tests.Readme;

public sealed class WordCountHandlerTests
{
    [Fact]
    public async Task Counts_the_words_of_every_chunk_and_reports_progress_to_100_percent()
    {
        await using var host = await ActionTestHost.StartAsync(services => services.AddAction<WordCountHandler>());

        var run = await host.RunAsync("word_count", new { documents = new[] { "a b c", "d e", "f", "g h i j" }, documentsPerChunk = 3 });

        Assert.Equal(RequestRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(new WordCountOutput(Documents: 4, Words: 10), run.OutputAs<WordCountOutput>());
        Assert.Equal(100, run.Progress[^1].Percentage);
    }

    [Fact]
    public async Task Rejects_an_empty_list_of_documents_before_anything_runs()
    {
        await using var host = await ActionTestHost.StartAsync(services => services.AddAction<WordCountHandler>());

        var error = Assert.Single(host.Validate("word_count", new { documents = Array.Empty<string>() }));

        Assert.Equal("payload.documents", error.Field);
    }

    [Fact]
    public async Task Its_example_payload_is_valid()
    {
        await using var host = await ActionTestHost.StartAsync(services => services.AddAction<WordCountHandler>());

        Assert.Empty(host.Validate("word_count", new WordCountHandler().Example));
    }
}
