using System.Globalization;

namespace Streamer.Bench;

/// <summary>
/// The cost figure's part of the command line: <c>--chunks 10,100,1000,10000</c>, <c>--payload 1KB,100KB,1MB</c> (a
/// subset of the cells), <c>--cell-timeout &lt;seconds&gt;</c> (each cell's limit, default 900) and <c>--all</c> (also the
/// cells <see cref="CostCell.SkippedByDefault"/>).
/// </summary>
internal sealed record CostOptions(IReadOnlyList<int> Chunks, IReadOnlyList<PayloadSize> Payloads, TimeSpan CellTimeout, bool All, string Command)
{
    public static CostOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var chunks = List(Value("--chunks") ?? "10,100,1000,10000").Select(c => int.Parse(c.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList();
        if (chunks.Any(c => c is < 1 or > 10_000))
        {
            throw new ArgumentException("--chunks: each count must be between 1 and 10,000 (what bench_cost accepts).");
        }

        var payloads = List(Value("--payload") ?? "1KB,100KB,1MB").Select(PayloadSize.Parse).ToList();
        var timeout = TimeSpan.FromSeconds(Value("--cell-timeout") is { } seconds ? double.Parse(seconds, CultureInfo.InvariantCulture) : 900);
        var command = "dotnet run -c Release --project bench/Streamer.Bench -- " + string.Join(' ', args);
        return new CostOptions(chunks, payloads, timeout, args.Contains("--all"), command.TrimEnd());
    }

    /// <summary>Every chunk count with every payload, smallest first, so the cheap cells report before the slow ones.</summary>
    public IEnumerable<CostCell> Cells => from c in Chunks.Order() from p in Payloads.OrderBy(p => p.Bytes) select new CostCell(c, p);
}
