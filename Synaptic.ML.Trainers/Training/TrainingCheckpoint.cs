using Synaptic.ML.Persistence;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A resumable training checkpoint: the trainer's identity (algorithm, environment, sizes, seed), the run's
/// counters and clock, the callbacks' state (best model so far), the trainer's state (weights, optimiser moments,
/// generators, every sub-environment) and the history. Framed with a SHA-256 checksum.
/// </summary>
internal static class TrainingCheckpoint
{
    private const string Magic = "SYNAPTIC-CHECKPOINT";
    // Version 2: the run, each callback and the trainer write their own parts (the shared trainer base).
    private const int Version = 2;

    public static string FileName(int update) => $"checkpoint-{update:D6}.bin";

    public static void Save(string path, string identity, Action<BinaryWriter> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(identity);
            ChecksummedPayload.Write(writer, write);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public static void Load(string path, string identity, Action<BinaryReader> read)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        string magic;
        try
        {
            magic = reader.ReadString();
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' is not a Synaptic.ML training checkpoint (it is empty or truncated).", e);
        }
        if (magic != Magic)
            throw new InvalidDataException($"'{path}' is not a Synaptic.ML training checkpoint.");
        var version = reader.ReadInt32();
        if (version != Version)
            throw new InvalidDataException($"Checkpoint '{path}' has format version {version}; this Synaptic.ML reads version {Version}.");
        var saved = reader.ReadString();
        if (saved != identity)
            throw new InvalidDataException($"Checkpoint '{path}' was written by a different training set-up ({saved}); these options describe {identity}.");
        using var payload = ChecksummedPayload.Read(reader, $"Checkpoint '{path}'");
        try
        {
            read(payload);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' ends early.", e);
        }
    }
}
