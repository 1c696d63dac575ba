using System.Text;
using Azure.Storage.Blobs.Specialized;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>
/// Streams one chunk's share of a file into blocks of about 1 M characters, named <see cref="BlockIds.Part"/>
/// (chunk, 0), (chunk, 1), …, so memory stays bounded and a retried chunk replaces its own blocks.
/// </summary>
internal sealed class BlockWriter(OutputFiles files, BlockBlobClient blob, int chunk)
{
    private const int BlockCharacters = 1024 * 1024;

    private readonly List<string> _blockIds = [];
    private StringBuilder _buffer = new();
    private byte[] _bytes = [];

    public long Bytes { get; private set; }

    /// <summary>What the next block will hold; append to it, then call <see cref="FlushIfFullAsync"/>. A new builder after every block.</summary>
    public StringBuilder Buffer => _buffer;

    /// <summary>Stages the buffer as a block once it is big enough; call after appending to <see cref="Buffer"/>.</summary>
    public Task FlushIfFullAsync(CancellationToken cancellationToken)
        => _buffer.Length >= BlockCharacters ? FlushAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Stages what is left and returns the ids of every block this chunk staged, in order.</summary>
    public async Task<IReadOnlyList<string>> CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        return _blockIds;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        var length = Encode();
        var id = BlockIds.Part(chunk, _blockIds.Count);
        await files.StageBlockAsync(blob, id, _bytes.AsMemory(0, length), cancellationToken);
        _blockIds.Add(id);
        Bytes += length;

        // A new builder rather than Clear(): truncating a builder of many chunks can allocate one array of its whole capacity.
        _buffer = new StringBuilder();
    }

    /// <summary>
    /// Encodes the buffer, a piece at a time, into one byte array that every block of this chunk reuses: no string of
    /// the whole block and no new megabyte array per block, which the garbage collector would only reclaim late.
    /// </summary>
    private int Encode()
    {
        var encoder = Encoding.UTF8.GetEncoder();
        var count = 0;
        foreach (var piece in _buffer.GetChunks())
        {
            count += encoder.GetByteCount(piece.Span, flush: false);
        }

        count += encoder.GetByteCount([], flush: true);
        if (_bytes.Length < count)
        {
            _bytes = new byte[count];
        }

        encoder.Reset();
        var written = 0;
        foreach (var piece in _buffer.GetChunks())
        {
            written += encoder.GetBytes(piece.Span, _bytes.AsSpan(written), flush: false);
        }

        return written + encoder.GetBytes([], _bytes.AsSpan(written), flush: true);
    }
}
