using Microsoft.ML;

namespace Synaptic.ML.Persistence;

/// <summary>
/// What a Synaptic model sees of ML.NET's save context: a binary writer for its header payload
/// and named binary streams for large data such as network weights.
/// </summary>
public sealed class SynapticModelWriter
{
    private readonly ModelSaveContext _context;
    internal SynapticModelWriter(ModelSaveContext context, BinaryWriter writer)
    {
        _context = context;
        Writer = writer;
    }

    /// <summary>The writer of the model's main payload.</summary>
    public BinaryWriter Writer { get; }

    /// <summary>Writes a named binary stream entry next to the payload (e.g. weights); it is checksummed like the payload.</summary>
    /// <param name="name">Entry name, unique within this model.</param>
    /// <param name="write">Writes the entry's content.</param>
    public void WriteStream(string name, Action<BinaryWriter> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(write);
        MlNetModelIO.SaveBinaryStream(_context, name, stream => ChecksummedPayload.Write(stream, write));
    }
}
