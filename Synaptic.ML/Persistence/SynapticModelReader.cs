namespace Synaptic.ML.Persistence;

/// <summary>
/// What a Synaptic model sees of ML.NET's load context: the payload reader, the version the
/// model was written with, and its named binary streams.
/// </summary>
public sealed class SynapticModelReader
{
    private readonly object _context;

    internal SynapticModelReader(object context, BinaryReader reader, uint writtenVersion, string modelSignature)
    {
        _context = context;
        Reader = reader;
        WrittenVersion = writtenVersion;
        ModelSignature = modelSignature;
    }

    /// <summary>The reader of the model's main payload.</summary>
    public BinaryReader Reader { get; }

    /// <summary>The format version the model was written with.</summary>
    public uint WrittenVersion { get; }

    /// <summary>The eight-character model signature, used in error messages.</summary>
    public string ModelSignature { get; }

    /// <summary>Reads a named binary stream written by <see cref="SynapticModelWriter.WriteStream"/>.</summary>
    /// <param name="name">Entry name.</param>
    /// <param name="read">Reads the entry's content.</param>
    /// <exception cref="InvalidDataException">The entry is missing from the zip.</exception>
    public void ReadStream(string name, Action<BinaryReader> read)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(read);
        var what = $"Stream '{name}' of model '{ModelSignature}'";
        if (!MlNetModelIO.TryLoadBinaryStream(_context, name, stream =>
            {
                using var payload = ChecksummedPayload.Read(stream, what);
                read(payload);
            }))
            throw new InvalidDataException($"Model '{ModelSignature}' is incomplete: its stream '{name}' is missing from the zip.");
    }

    /// <summary>
    /// Builds a model from values read from the payload, turning the argument checks of
    /// <paramref name="create"/> into a corrupted-model error.
    /// </summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="create">Creates the model; throws <see cref="ArgumentException"/> for impossible values.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The payload held values the model refuses.</exception>
    public T Create<T>(Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Model '{ModelSignature}' (format version {WrittenVersion}) is corrupted: {e.Message}", e);
        }
    }

    /// <summary>Builds the exception to throw when the payload holds an impossible value.</summary>
    /// <param name="what">What was read and why it is wrong.</param>
    /// <returns>An <see cref="InvalidDataException"/> naming the model.</returns>
    public InvalidDataException Corrupt(string what) =>
        new($"Model '{ModelSignature}' (format version {WrittenVersion}) is corrupted: {what}.");
}
