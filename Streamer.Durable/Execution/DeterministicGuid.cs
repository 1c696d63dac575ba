using System.Security.Cryptography;
using System.Text;

namespace Streamer.Durable.Execution;

/// <summary>Name-based (RFC 4122 version 5) GUIDs, so that replays produce the same values.</summary>
internal static class DeterministicGuid
{
    // The URL namespace from RFC 4122, as Durable Functions uses.
    private static readonly Guid Namespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public static Guid Create(string name)
    {
        Span<byte> namespaceBytes = stackalloc byte[16];
        Namespace.TryWriteBytes(namespaceBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceBytes.CopyTo(input);
        nameBytes.CopyTo(input, 16);

#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 specifies; this is an identifier, not security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
