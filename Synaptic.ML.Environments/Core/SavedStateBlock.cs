namespace Synaptic.ML.Environments;

/// <summary>
/// The framing of every saved environment state (<see cref="Env.SaveState"/>,
/// <see cref="Vector.VectorEnv.SaveState"/>): a format version byte, the owner's id and type name,
/// the payload's length in bytes, then the payload. Wrappers and vector environments nest the blocks
/// of what they hold inside their own payload.
/// </summary>
/// <remarks>
/// <para>
/// The payload is written to a buffer first, so a save that fails (an environment that cannot save)
/// leaves the destination untouched. On loading, the whole payload is read before any of it is
/// applied, so a truncated stream is detected before the owner changes, and the owner's reader must
/// consume exactly the payload: reading past its end or stopping short means the writer and the reader
/// disagree.
/// </para>
/// <para>
/// Every malformed input (truncated stream, other version, other id or type, payload read wrongly)
/// is reported as an <see cref="InvalidDataException"/> naming the owner; a bare
/// <see cref="EndOfStreamException"/> never escapes (it is the inner exception where one occurred).
/// </para>
/// </remarks>
internal static class SavedStateBlock
{
    /// <summary>The format written; loading refuses any other.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Writes one block: the header, then what <paramref name="writePayload"/> writes.</summary>
    /// <param name="destination">Where the block goes.</param>
    /// <param name="id">The owner's id, checked on loading.</param>
    /// <param name="type">The owner's type name, checked on loading.</param>
    /// <param name="writePayload">Writes the owner's state.</param>
    public static void Write(BinaryWriter destination, string id, string type, Action<BinaryWriter> writePayload)
    {
        using var buffer = new MemoryStream();
        using (var payload = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writePayload(payload);
        }
        if (buffer.Length > int.MaxValue)
            throw new InvalidOperationException($"The saved state of {id} ({type}) has {buffer.Length} bytes; a block holds at most {int.MaxValue}.");
        destination.Write(FormatVersion);
        destination.Write(id);
        destination.Write(type);
        destination.Write((int)buffer.Length);
        destination.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads one block written for <paramref name="id"/> and <paramref name="type"/> and hands its payload to <paramref name="readPayload"/>.</summary>
    /// <param name="source">Where the block comes from.</param>
    /// <param name="id">The id the block must have been saved with.</param>
    /// <param name="type">The type name the block must have been saved with.</param>
    /// <param name="readPayload">Reads the owner's state; it must consume the payload exactly.</param>
    /// <exception cref="InvalidDataException">The stream is truncated, has another version, belongs to another id or type, or the payload was not read exactly.</exception>
    public static void Read(BinaryReader source, string id, string type, Action<BinaryReader> readPayload)
    {
        var owner = $"{id} ({type})";
        var payload = ReadPayload(source, id, type, owner);
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), System.Text.Encoding.UTF8);
        try
        {
            readPayload(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException(
                $"Loading {owner} read past the end of its {payload.Length}-byte saved state: its WriteState and ReadState disagree, or the data is corrupt.", e);
        }
        if (reader.BaseStream.Position != payload.Length)
            throw new InvalidDataException(
                $"Loading {owner} read {reader.BaseStream.Position} of the {payload.Length} bytes of its saved state: its WriteState and ReadState disagree.");
    }

    private static byte[] ReadPayload(BinaryReader source, string id, string type, string owner)
    {
        try
        {
            var version = source.ReadByte();
            if (version != FormatVersion)
                throw new InvalidDataException(
                    $"The data to load into {owner} starts with state format version {version}; this build reads version {FormatVersion}. Is it a saved environment state?");
            var savedId = source.ReadString();
            var savedType = source.ReadString();
            if (savedId != id || savedType != type)
                throw new InvalidDataException($"The saved state is of {savedId} ({savedType}); it cannot be loaded into {owner}.");
            var length = source.ReadInt32();
            if (length < 0)
                throw new InvalidDataException($"The saved state of {owner} claims {length} bytes; the data is corrupt.");
            var stream = source.BaseStream;
            // A seekable stream tells how much is left without allocating a corrupt length's worth.
            if (stream.CanSeek && stream.Length - stream.Position < length)
                throw Truncated(owner, stream.Length - stream.Position, length);
            var payload = source.ReadBytes(length);
            if (payload.Length != length)
                throw Truncated(owner, payload.Length, length);
            return payload;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The stream ends inside the header of the saved state of {owner}: it is truncated.", e);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The header of the saved state of {owner} is corrupt.", e);
        }
    }

    private static InvalidDataException Truncated(string owner, long available, int length) =>
        new($"The saved state of {owner} is truncated: the stream holds {available} of its {length} bytes.");
}
