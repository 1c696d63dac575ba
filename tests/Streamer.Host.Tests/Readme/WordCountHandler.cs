using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Host.Tests.Readme;

/// <summary>Counts the words of many documents, a few documents per chunk.</summary>
internal sealed class WordCountHandler : ActionHandler<WordCountPayload, string[], int, WordCountOutput>
{
    public override string Name => "word_count";

    // Offered in the dashboard's payload editor; written as a client sends it (snake_case JSON).
    public override JsonElement? Example => JsonElement.Parse("""
        { "documents": ["the quick brown fox", "jumps over", "the lazy dog", "and runs away"], "documents_per_chunk": 2 }
        """);

    // Rules the payload's types cannot express; each error names its field.
    protected override void Validate(WordCountPayload payload, PayloadErrors errors)
    {
        errors.Require(payload.Documents.Count is > 0 and <= 10_000, "documents", $"must hold 1–10,000 documents; got {payload.Documents.Count}");
        errors.InRange(payload.DocumentsPerChunk, 1, 100, "documents_per_chunk");
    }

    // Under the sync threshold (5 s) a request runs inline and answers 200; this one claims two seconds per
    // document, so from three documents on it runs durably, answers 202 and streams progress.
    protected override TimeSpan EstimateDuration(WordCountPayload payload)
        => TimeSpan.FromSeconds(2 * payload.Documents.Count);

    protected override Task<IReadOnlyList<string[]>> PlanAsync(ActionRequest request, WordCountPayload payload, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<string[]>>([.. payload.Documents.Chunk(payload.DocumentsPerChunk)]);

    // One activity per chunk, retried if it throws; progress is per chunk and the host turns it into an overall percentage.
    protected override Task<int> ProcessChunkAsync(WordCountPayload payload, string[] chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        var words = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            words += chunk[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            context.Progress.Report(100.0 * (i + 1) / chunk.Length, $"Counted {i + 1} of {chunk.Length} documents");
        }

        return Task.FromResult(words);
    }

    protected override async Task<WordCountOutput> FinalizeAsync(ActionRequest request, WordCountPayload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
        => new WordCountOutput(payload.Documents.Count, await chunkResults.SumAsync(cancellationToken));
}

internal sealed record WordCountPayload(IReadOnlyList<string> Documents, int DocumentsPerChunk = 10);

internal sealed record WordCountOutput(int Documents, int Words);
