namespace Streamer.Bench.Common;

/// <summary>Median, minimum and maximum of a few runs.</summary>
public readonly record struct Statistics(double Median, double Min, double Max)
{
    public static Statistics Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Statistics(median, sorted[0], sorted[^1]);
    }
}
