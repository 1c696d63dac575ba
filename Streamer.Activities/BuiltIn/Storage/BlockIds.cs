using System.Globalization;
using System.Text;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>
/// Block ids for files assembled from per-chunk blocks. They are deterministic, so a retried chunk stages the same
/// ids again and replaces its earlier blocks instead of adding to them; all ids have the same length, as the
/// service requires within one blob.
/// </summary>
internal static class BlockIds
{
    /// <summary>The block before all chunk blocks (a CSV header, a JSON array's opening bracket).</summary>
    public static string Head { get; } = Encode("head000000000000");

    /// <summary>The block after all chunk blocks (a JSON array's closing bracket).</summary>
    public static string Tail { get; } = Encode("tail000000000000");

    /// <summary>Part <paramref name="part"/> of chunk <paramref name="chunk"/>.</summary>
    public static string Part(int chunk, int part)
        => Encode(string.Create(CultureInfo.InvariantCulture, $"c{chunk:D7}p{part:D7}"));

    private static string Encode(string id) => Convert.ToBase64String(Encoding.ASCII.GetBytes(id));
}
