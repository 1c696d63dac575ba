using System.Globalization;
using System.Text.Json;

namespace Streamer.Bench;

/// <summary>
/// A payload size of the cost figure, in decimal units: the host accepts payloads up to 1 MiB (Streamer:MaxPayloadBytes),
/// so "1 MB" is 1,000,000 characters of text and leaves room for the JSON around it.
/// </summary>
internal sealed record PayloadSize(string Label, int Bytes)
{
    public static PayloadSize Parse(string text)
    {
        var upper = text.Trim().ToUpperInvariant();
        var unit = upper.EndsWith("MB", StringComparison.Ordinal) ? "MB" : upper.EndsWith("KB", StringComparison.Ordinal) ? "KB" : "B";
        var digits = upper[..^unit.Length];
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new ArgumentException($"--payload: '{text}' is not a size such as 1KB, 100KB or 1MB.");
        }

        var bytes = (long)count * (unit switch { "MB" => 1_000_000, "KB" => 1_000, _ => 1 });
        return bytes <= 1_000_000
            ? new PayloadSize($"{count.ToString(CultureInfo.InvariantCulture)} {unit}", (int)bytes)
            : throw new ArgumentException($"--payload: '{text}' is over 1 MB, more than the host accepts.");
    }
}

/// <summary>One cell of the cost figure: a <c>bench_cost</c> request of <see cref="Chunks"/> chunks with a payload of <see cref="Payload"/> random text.</summary>
internal sealed record CostCell(int Chunks, PayloadSize Payload)
{
    /// <summary>Above this, a cell that no goal compares is not run unless <c>--all</c> says so.</summary>
    public const long HeavyBytes = 1_000_000_000;

    // Printable ASCII that JSON writes as it is (no quote, backslash or HTML-sensitive character that System.Text.Json
    // escapes), so the payload's size on the wire and in the history is its length.
    private static readonly char[] Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,;:!?-_()".ToCharArray();

    /// <summary>What today's engine carries through the history: every chunk activity's input holds the whole payload.</summary>
    public long CarriedBytes => (long)Chunks * Payload.Bytes;

    /// <summary>The cells the goals compare (1 MB vs 1 KB at 1,000 chunks; 10,000 vs 100 chunks at 1 KB).</summary>
    public bool NeededByGoal => (Chunks, Payload.Bytes) is (1_000, 1_000) or (1_000, 1_000_000) or (100, 1_000) or (10_000, 1_000);

    /// <summary>Cells that would push ~1 GB or more through the history and that no goal needs (10,000 × 100 KB and × 1 MB).</summary>
    public bool SkippedByDefault => CarriedBytes >= HeavyBytes && !NeededByGoal;

    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Chunks:N0} × {Payload.Label}");

    /// <summary>The start body, with fresh random text so no layer can get away with compressing a repeated pattern.</summary>
    public string StartBody()
        => JsonSerializer.Serialize(new { action = "bench_cost", payload = new { chunks = Chunks, text = new string(Random.Shared.GetItems<char>(Alphabet, Payload.Bytes)) } });
}
