using System.Buffers.Binary;

namespace Synaptic.ML.Tests.Trainers.Training;

/// <summary>
/// Reads TensorBoard event files without the library's code or a protobuf library: the TFRecord framing with both CRCs
/// checked by a CRC-32C computed here from the Castagnoli polynomial, and the <c>Event</c> messages decoded field by
/// field from their wire format (TensorFlow's event.proto and summary.proto give the field numbers).
/// </summary>
internal static class TensorBoardEventReader
{
    /// <summary>SessionLog.SessionStatus.START.</summary>
    public const int SessionStart = 1;

    /// <summary>One event: its time and step, and what it holds (a file version, scalars, or a session status).</summary>
    public sealed record Event(double WallTime, long Step, string? FileVersion, IReadOnlyList<(string Tag, float Value)> Scalars, int? SessionStatus);

    /// <summary>The Castagnoli polynomial 0x1EDC6F41, bit-reversed for the LSB-first CRC.</summary>
    private const uint ReflectedCastagnoli = 0x82F63B78;

    /// <summary>CRC-32C bit by bit: initial value and final XOR all ones, input and output reflected.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedCastagnoli : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>TFRecord's masked CRC: ((crc >> 15) | (crc << 17)) + 0xa282ead8.</summary>
    public static uint Masked(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);

    /// <summary>Every event of the file, in order; throws on a bad CRC, a truncated record or a malformed message.</summary>
    public static List<Event> Read(string path)
    {
        byte[] bytes;
        // Shared read/write: the file may be open for writing (training still running).
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        var events = new List<Event>();
        var position = 0;
        while (position < bytes.Length)
        {
            Require(position + 12 <= bytes.Length, $"record header at byte {position} is cut off");
            var header = bytes.AsSpan(position, 8);
            var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            var headerCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 8, 4));
            Require(headerCrc == Masked(Crc32C(header)), $"length CRC of the record at byte {position} does not match");
            position += 12;
            Require(length <= (ulong)(bytes.Length - position - 4), $"record of {length} bytes at byte {position} is cut off");
            var data = bytes.AsSpan(position, (int)length);
            var dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + (int)length, 4));
            Require(dataCrc == Masked(Crc32C(data)), $"data CRC of the record at byte {position} does not match");
            events.Add(DecodeEvent(data));
            position += (int)length + 4;
        }
        return events;
    }

    // Event: 1 wall_time (double), 2 step (int64), 3 file_version (string), 5 summary (Summary), 7 session_log (SessionLog).
    private static Event DecodeEvent(ReadOnlySpan<byte> data)
    {
        double wallTime = 0;
        long step = 0;
        string? fileVersion = null;
        int? status = null;
        var scalars = new List<(string, float)>();
        var position = 0;
        while (position < data.Length)
        {
            var (field, wire) = Key(data, ref position);
            switch (field, wire)
            {
                case (1, 1):
                    wallTime = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(data.Slice(position, 8)));
                    position += 8;
                    break;
                case (2, 0):
                    step = (long)Varint(data, ref position);
                    break;
                case (3, 2):
                    fileVersion = System.Text.Encoding.UTF8.GetString(Delimited(data, ref position));
                    break;
                case (5, 2):
                    DecodeSummary(Delimited(data, ref position), scalars);
                    break;
                case (7, 2):
                    status = DecodeSessionLog(Delimited(data, ref position));
                    break;
                default:
                    Skip(data, ref position, wire);
                    break;
            }
        }
        return new Event(wallTime, step, fileVersion, scalars, status);
    }

    // Summary: 1 value (repeated Value). Value: 1 tag (string), 2 simple_value (float).
    private static void DecodeSummary(ReadOnlySpan<byte> data, List<(string, float)> scalars)
    {
        var position = 0;
        while (position < data.Length)
        {
            var (field, wire) = Key(data, ref position);
            if (field != 1 || wire != 2)
            {
                Skip(data, ref position, wire);
                continue;
            }
            var value = Delimited(data, ref position);
            string? tag = null;
            float? simple = null;
            var inner = 0;
            while (inner < value.Length)
            {
                var (f, w) = Key(value, ref inner);
                if ((f, w) == (1, 2))
                {
                    tag = System.Text.Encoding.UTF8.GetString(Delimited(value, ref inner));
                }
                else if ((f, w) == (2, 5))
                {
                    simple = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(value.Slice(inner, 4)));
                    inner += 4;
                }
                else
                {
                    Skip(value, ref inner, w);
                }
            }
            Require(tag is not null && simple is not null, "a summary value without a tag or a simple_value");
            scalars.Add((tag!, simple!.Value));
        }
    }

    // SessionLog: 1 status (enum).
    private static int DecodeSessionLog(ReadOnlySpan<byte> data)
    {
        var status = 0;
        var position = 0;
        while (position < data.Length)
        {
            var (field, wire) = Key(data, ref position);
            if ((field, wire) == (1, 0))
                status = (int)Varint(data, ref position);
            else
                Skip(data, ref position, wire);
        }
        return status;
    }

    private static (int Field, int Wire) Key(ReadOnlySpan<byte> data, ref int position)
    {
        var key = Varint(data, ref position);
        return ((int)(key >> 3), (int)(key & 7));
    }

    /// <summary>A base-128 varint: 7 bits per byte, least significant group first, high bit set on all but the last byte.</summary>
    private static ulong Varint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            Require(position < data.Length, "a varint is cut off");
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
        throw new InvalidDataException("A varint is longer than 10 bytes.");
    }

    private static ReadOnlySpan<byte> Delimited(ReadOnlySpan<byte> data, ref int position)
    {
        var length = (int)Varint(data, ref position);
        Require(position + length <= data.Length, "a length-delimited field is cut off");
        var slice = data.Slice(position, length);
        position += length;
        return slice;
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int position, int wire)
    {
        switch (wire)
        {
            case 0:
                Varint(data, ref position);
                break;
            case 1:
                position += 8;
                break;
            case 2:
                Delimited(data, ref position);
                break;
            case 5:
                position += 4;
                break;
            default:
                throw new InvalidDataException($"Wire type {wire} is not one an Event uses.");
        }
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
            throw new InvalidDataException($"Malformed event file: {what}.");
    }
}
