using System.Text.Json;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tests.Readme;

/// <summary>Drives the README's handler through the SDK the way the generic orchestrator does.</summary>
public sealed class WordCountHandlerTests
{
    private static readonly ActionRequest Request = new("r1", "word_count", new RequestOwner("t", "u"));
    private readonly IActionHandler _handler = new WordCountHandler();

    [Fact]
    public async Task Plans_chunks_processes_them_and_combines_the_results()
    {
        var payload = Json("""{ "documents": ["a b c", "d e", "f", "g h i j"], "documents_per_chunk": 3 }""");

        Assert.Empty(_handler.Validate(payload));
        var chunks = await _handler.PlanAsync(Request, payload, CancellationToken.None);
        var results = new List<JsonElement>();
        for (var i = 0; i < chunks.Count; i++)
        {
            results.Add(await _handler.ProcessChunkAsync(payload, chunks[i], new ChunkContext(Request, i, chunks.Count, new NoProgress()), CancellationToken.None));
        }

        var output = await _handler.FinalizeAsync(Request, payload, results, CancellationToken.None);

        Assert.Equal(2, chunks.Count);
        Assert.Equal(4, output.GetProperty("documents").GetInt32());
        Assert.Equal(10, output.GetProperty("words").GetInt32());
    }

    [Theory]
    [InlineData("""{ "documents": [] }""", "payload.documents", "must hold 1–10,000 documents; got 0")]
    [InlineData("""{ "documents": ["a"], "documents_per_chunk": 500 }""", "payload.documents_per_chunk", "must be between 1 and 100; got 500")]
    [InlineData("""{ "documents": "a" }""", "payload.documents", "must be an array")]
    [InlineData("""{ "documents": ["a"], "colour": "red" }""", "payload.colour", "is not a known field")]
    [InlineData("""{ "documents_per_chunk": 5 }""", "payload", "is missing required field(s): documents")]
    [InlineData("""[1, 2]""", "payload", "must be a JSON object; got an array")]
    public void Invalid_payloads_get_errors_naming_the_field_and_the_rule(string json, string field, string message)
    {
        var error = Assert.Single(_handler.Validate(Json(json)));

        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
    }

    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    private sealed class NoProgress : IProgressReporter
    {
        public void Report(double percentage, string message, string? stage = null, JsonElement? details = null)
        {
        }
    }
}
