using System.Net;
using System.Net.Http.Headers;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>A body sent with <c>Transfer-Encoding: chunked</c> (no <c>Content-Length</c>), so the server only learns its size by reading it.</summary>
public sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _data;

    public ChunkedContent(byte[] data, string mediaType = "application/json")
    {
        _data = data;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        const int pieceSize = 16 * 1024;
        for (var offset = 0; offset < _data.Length; offset += pieceSize)
        {
            await stream.WriteAsync(_data.AsMemory(offset, Math.Min(pieceSize, _data.Length - offset)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
