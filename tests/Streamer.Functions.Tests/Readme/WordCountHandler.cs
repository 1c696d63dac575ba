using Streamer.Activities.Sdk;

namespace Streamer.Functions.Tests.Readme;

// The README's "Write your own action" example, compiled and tested here so it stays true.
public sealed record WordCountPayload(IReadOnlyList<string> Documents, int DocumentsPerChunk = 10);

public sealed class WordCountHandler : ActionHandler<WordCountPayload, string[], int, WordCountOutput>
{
    public override string Name => "word_count";

    protected override void Validate(WordCountPayload payload, PayloadErrors errors)
    {
        errors.Require(payload.Documents.Count is > 0 and <= 10_000, "documents", $"must hold 1–10,000 documents; got {payload.Documents.Count}");
        errors.InRange(payload.DocumentsPerChunk, 1, 100, "documents_per_chunk");
    }

    // Small jobs answer 200 at once; big ones run durably and answer 202.
    protected override TimeSpan EstimateDuration(WordCountPayload payload)
        => TimeSpan.FromMilliseconds(payload.Documents.Count);

    protected override Task<IReadOnlyList<string[]>> PlanAsync(ActionRequest request, WordCountPayload payload, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<string[]>>([.. payload.Documents.Chunk(payload.DocumentsPerChunk)]);

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

    protected override Task<WordCountOutput> FinalizeAsync(ActionRequest request, WordCountPayload payload, IReadOnlyList<int> chunkResults, CancellationToken cancellationToken)
        => Task.FromResult(new WordCountOutput(payload.Documents.Count, chunkResults.Sum()));
}

public sealed record WordCountOutput(int Documents, int Words);
