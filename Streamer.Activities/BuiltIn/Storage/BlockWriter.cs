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

    private readonly StringBuilder _buffer = new();
    private readonly List<string> _blockIds = [];

    public long Bytes { get; private set; }

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

        var bytes = Encoding.UTF8.GetBytes(_buffer.ToString());
        var id = BlockIds.Part(chunk, _blockIds.Count);
        await files.StageBlockAsync(blob, id, bytes, cancellationToken);
        _blockIds.Add(id);
        Bytes += bytes.Length;
        _buffer.Clear();
    }
}
