using System.Globalization;
using System.Text;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>Collects figures, target verdicts and raw lines, and writes them as Markdown.</summary>
internal sealed class BenchReport(BenchSettings settings)
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _verdicts = [];
    private readonly List<string> _raw = [];
    private readonly List<string> _sections = [];

    public void Add(Figure figure) => _figures.Add(figure);

    /// <summary>The Markdown of a figure with a table of its own (e.g. the cost figure's cells), written after the summary table.</summary>
    public void Section(string markdown) => _sections.Add(markdown);

    /// <summary>A target check, e.g. "handoff p50 ≤ 10 ms at concurrency 1: 12.3 ms — missed".</summary>
    public void Verdict(string target, double measured, double limit, string unit = "ms", bool atMost = true)
    {
        var met = atMost ? measured <= limit : measured >= limit;
        _verdicts.Add(string.Create(CultureInfo.InvariantCulture, $"{target}: {measured:0.##} {unit} — {(met ? "met" : "MISSED")}"));
    }

    /// <summary>A raw line, also echoed to stderr as progress.</summary>
    public void Raw(string line)
    {
        _raw.Add(line);
        Console.Error.WriteLine("  " + line);
    }

    public static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string Ratio(double measured, double baseline) => baseline > 0 ? (measured / baseline).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "—";

    public string Write()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Streamer host benchmark (issue 6) — {BenchEnvironment.Describe()}; {(settings.Quick ? "QUICK MODE (small samples, for development only)" : "full run")}; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();

        // A run of figures with tables of their own only (--only cost) has no summary rows or targets to show.
        if (_figures.Count > 0)
        {
            text.AppendLine("| figure | target | measured | baseline | ratio | command |");
            text.AppendLine("|---|---|---|---|---|---|");
            foreach (var f in _figures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Name} | {f.Target} | {f.Measured} | {f.Baseline} | {f.Ratio} | `{settings.Command}` |");
            }

            text.AppendLine();
        }

        foreach (var section in _sections)
        {
            text.AppendLine(section);
        }

        if (_verdicts.Count > 0 || _figures.Count > 0)
        {
            text.AppendLine("Targets:");
            foreach (var verdict in _verdicts)
            {
                text.AppendLine("- " + verdict);
            }

            text.AppendLine();
        }

        text.AppendLine("Raw:");
        text.AppendLine("```");
        foreach (var line in _raw)
        {
            text.AppendLine(line);
        }

        text.AppendLine("```");
        return text.ToString();
    }
}
