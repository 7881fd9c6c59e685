using System.Security.Cryptography;

namespace Synaptic.ML.Persistence;

/// <summary>
/// Frames a model payload as length, bytes and SHA-256, because ML.NET's zips do not check the
/// integrity of their entries: altered bytes otherwise load silently as wrong parameters.
/// </summary>
internal static class ChecksummedPayload
{
    private const int HashLength = 32;

    public static void Write(BinaryWriter target, Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            write(writer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        target.Write((long)bytes.Length);
        target.Write(bytes);
        target.Write(SHA256.HashData(bytes));
    }

    /// <summary>Reads and verifies a framed payload; <paramref name="what"/> names it in errors.</summary>
    public static BinaryReader Read(BinaryReader source, string what)
    {
        var length = source.ReadInt64();
        if (length < 0 || length > int.MaxValue)
            throw new InvalidDataException($"{what} is corrupted: its payload length {length} is impossible.");
        var bytes = source.ReadBytes((int)length);
        var hash = source.ReadBytes(HashLength);
        if (bytes.Length != length || hash.Length != HashLength)
            throw new InvalidDataException($"{what} is truncated: {bytes.Length} of {length} payload bytes present.");
        if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(hash))
            throw new InvalidDataException($"{what} is corrupted: its SHA-256 checksum does not match its content.");
        return new BinaryReader(new MemoryStream(bytes, writable: false));
    }
}
