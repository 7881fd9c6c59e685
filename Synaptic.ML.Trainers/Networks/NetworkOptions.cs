namespace Synaptic.ML.Trainers;

/// <summary>
/// A network description saved with a model so that loading rebuilds the same network before its weights are
/// read: the policy networks (<see cref="PolicyNetworkOptions"/>) and the image backbones
/// (<see cref="BackboneOptions"/>). They share one saved format and one validation style.
/// </summary>
/// <remarks>
/// The saved form is a header byte, (layout version &lt;&lt; 4) | kind, followed by the kind's fields. The first
/// layout is version 0, so its header is the bare kind tag that descriptions were saved with before the header
/// carried a version: models saved then read as version 0. A reader refuses versions newer than it knows.
/// </remarks>
public abstract class NetworkOptions
{
    /// <summary>The layout version written now; readers accept it and every older one.</summary>
    internal const int LayoutVersion = 0;

    private const int KindBits = 4;

    private protected NetworkOptions()
    {
    }

    /// <summary>One line describing the network, for logs and the README.</summary>
    /// <returns>The description.</returns>
    public abstract override string ToString();

    /// <summary>The kind tag, unique within the description's family, below 16.</summary>
    internal abstract byte Kind { get; }

    /// <summary>Checks the options, naming the first invalid one (see <see cref="NetworkValidation"/>).</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    internal abstract void Validate();

    /// <summary>Writes the kind's fields in the current layout.</summary>
    internal abstract void WriteBody(BinaryWriter writer);

    /// <summary>Writes the header and the fields.</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write((byte)(LayoutVersion << KindBits | Kind));
        WriteBody(writer);
    }

    /// <summary>Reads a description written by <see cref="Write"/> in any layout up to the current one, and validates it.</summary>
    /// <param name="reader">The stream, at the header.</param>
    /// <param name="family">What is read, for messages ("policy network", "backbone").</param>
    /// <param name="readBody">Reads the fields of a kind in a layout version; null for an unknown kind.</param>
    private protected static T Read<T>(BinaryReader reader, string family, Func<int, int, BinaryReader, T?> readBody) where T : NetworkOptions
    {
        var header = reader.ReadByte();
        var kind = header & ((1 << KindBits) - 1);
        var version = header >> KindBits;
        if (version > LayoutVersion)
            throw new InvalidDataException(
                $"The saved {family} description has layout version {version}; this version of Synaptic.ML reads layouts up to {LayoutVersion}.");
        T options;
        try
        {
            options = readBody(kind, version, reader) ?? throw new InvalidDataException($"Unknown {family} kind {kind}.");
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved {family} description is invalid: {e.Message}", e);
        }
        return options;
    }

    private protected static void WriteSizes(BinaryWriter writer, int[] sizes)
    {
        writer.Write(sizes.Length);
        foreach (var s in sizes)
            writer.Write(s);
    }

    /// <summary>Reads a list of layer sizes; the sizes themselves are checked by <see cref="Validate"/>.</summary>
    private protected static int[] ReadSizes(BinaryReader reader, int maxCount, string what)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > maxCount)
            throw new InvalidDataException($"A saved network description has {count} {what}; at most {maxCount} are allowed.");
        var sizes = new int[count];
        for (var i = 0; i < count; i++)
            sizes[i] = reader.ReadInt32();
        return sizes;
    }
}
