using System.Buffers.Binary;
using System.Numerics;
using Google.Protobuf;
using Tensorboard;

namespace Synaptic.ML.Trainers;

/// <summary>
/// One TensorBoard event file being written: TFRecord records (the length as a little-endian 64-bit integer, the masked
/// CRC-32C of those 8 bytes, a serialized <c>Event</c>, the masked CRC-32C of it) of the protobuf messages TorchSharp
/// ships in its <c>Tensorboard</c> namespace. The first record names the format version ("brain.Event:2").
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>torch.utils.tensorboard.SummaryWriter</c> writes such records too, but stamps its file-version
/// record with <c>DateTime.Now.Ticks</c> as if they were seconds (TensorBoard reads the first record's time as the run's
/// start), gives scalars whole seconds of wall time and an <c>int</c> step, opens and closes the file for every scalar,
/// and computes the CRC in libtorch's native library, which the managed trainers never load. Hence this file.
/// </remarks>
internal sealed class TensorBoardEventFile : IDisposable
{
    private static int s_files;
    private readonly FileStream _stream;
    private readonly byte[] _frame = new byte[12];

    /// <summary>Creates a new event file in <paramref name="directory"/> (created if missing) and writes its version record.</summary>
    public TensorBoardEventFile(string directory)
    {
        Directory.CreateDirectory(directory);
        // TensorFlow's and PyTorch's naming: TensorBoard reads a directory's files in name order, so the creation time
        // leads; the process's file count is padded so that its files of one second sort in order too.
        var name = $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds():D10}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref s_files):D6}";
        FilePath = Path.Combine(directory, name);
        // Readable while written: TensorBoard follows the file as training goes.
        _stream = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        Write(new Event { WallTime = Now(), FileVersion = "brain.Event:2" });
    }

    /// <summary>The file's path.</summary>
    public string FilePath { get; }

    /// <summary>Writes one event holding a scalar per metric (TensorBoard's <c>simple_value</c>, a 32-bit float) at <paramref name="step"/>.</summary>
    public void WriteScalars(long step, IEnumerable<KeyValuePair<string, double>> values)
    {
        var summary = new Summary();
        foreach (var (tag, value) in values)
            summary.Value.Add(new Summary.Types.Value { Tag = tag, SimpleValue = (float)value });
        Write(new Event { WallTime = Now(), Step = step, Summary = summary });
    }

    /// <summary>
    /// Writes a restart marker (<c>SessionLog</c> START) at <paramref name="step"/>: TensorBoard then drops the events
    /// of the earlier files in the directory at this step and later (what an interrupted run wrote after its checkpoint).
    /// </summary>
    public void WriteRestart(long step) =>
        Write(new Event { WallTime = Now(), Step = step, SessionLog = new SessionLog { Status = SessionLog.Types.SessionStatus.Start } });

    /// <summary>Hands what was written to the operating system, so TensorBoard can read it.</summary>
    public void Flush() => _stream.Flush();

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    /// <summary>The TFRecord mask of a CRC-32C: rotated right by 15 bits, plus a constant.</summary>
    internal static uint MaskedCrc32C(ReadOnlySpan<byte> data) => BitOperations.RotateRight(Crc32C(data), 15) + 0xA282EAD8u;

    /// <summary>CRC-32C (Castagnoli): initial value and final XOR all ones, reflected.</summary>
    internal static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data)
            crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    private static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

    private void Write(Event e)
    {
        var data = e.ToByteArray();
        BinaryPrimitives.WriteInt64LittleEndian(_frame, data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_frame.AsSpan(8), MaskedCrc32C(_frame.AsSpan(0, 8)));
        _stream.Write(_frame);
        _stream.Write(data);
        BinaryPrimitives.WriteUInt32LittleEndian(_frame, MaskedCrc32C(data));
        _stream.Write(_frame, 0, 4);
    }
}
