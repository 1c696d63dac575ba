using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Streamer.Activities.BuiltIn.Data;

/// <summary>
/// Measures how many bytes values take once the built-in actions write them (compact JSON with the default encoder,
/// which escapes non-ASCII, as <see cref="DataRow.ToJsonText"/> writes), without keeping what was written: the writer
/// writes into one scratch buffer it reuses, and only the count is kept. Not thread-safe; use one per validation.
/// </summary>
internal sealed class JsonSizes
{
    private readonly CountingBuffer _buffer = new();

    /// <summary>The bytes of <paramref name="value"/> as written JSON.</summary>
    public long Of(JsonElement value) => Measure(w => value.WriteTo(w));

    /// <summary>The bytes of <paramref name="text"/> as a written JSON string, quotes included.</summary>
    public long OfString(string text) => Measure(w => w.WriteStringValue(text));

    /// <summary>
    /// The bytes of <paramref name="value"/> as a CSV cell (<see cref="Csv.Cell"/>), bounded so that no transform can outgrow it:
    /// a string's cell is at most its JSON plus one (every character's JSON escape is at least as long as its UTF-8 in CSV,
    /// case changes keep each character's escape, the quotes JSON adds cover the ones CSV may add, and one more is for the
    /// apostrophe that defuses a formula); an object or array is written as its raw text, so it is measured as it is.
    /// </summary>
    public static long CsvCellOf(JsonElement value, long json) => value.ValueKind switch
    {
        JsonValueKind.String => json + 1,
        JsonValueKind.Object or JsonValueKind.Array => Encoding.UTF8.GetByteCount(Csv.Cell(value)),
        JsonValueKind.Null or JsonValueKind.Undefined => 0,
        _ => json,
    };

    private long Measure(Action<Utf8JsonWriter> write)
    {
        _buffer.Count = 0;
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            write(writer);
        }

        return _buffer.Count;
    }

    /// <summary>Counts what is written and forgets it.</summary>
    private sealed class CountingBuffer : IBufferWriter<byte>
    {
        private byte[] _scratch = new byte[4096];

        public long Count { get; set; }

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        private byte[] Scratch(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[sizeHint];
            }

            return _scratch;
        }
    }
}
