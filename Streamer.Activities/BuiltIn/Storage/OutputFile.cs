namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>A file an action wrote to Blob storage, with a read-only link to download it.</summary>
/// <param name="Url">A SAS URL that allows reading this one blob until <paramref name="ExpiresAt"/>.</param>
/// <param name="BlobName">The blob's name in the outputs container (it starts with the owner's key).</param>
/// <param name="ContentType">The blob's content type, e.g. <c>text/csv; charset=utf-8</c>.</param>
/// <param name="SizeBytes">The file's size.</param>
/// <param name="ExpiresAt">When <paramref name="Url"/> stops working.</param>
public sealed record OutputFile(Uri Url, string BlobName, string ContentType, long SizeBytes, DateTimeOffset ExpiresAt);
