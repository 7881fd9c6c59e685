namespace Synaptic.ML.Environments;

/// <summary>
/// GIF's variable-length LZW coder for 8-bit indices (GIF89a spec, appendix F): codes start at 9
/// bits after a clear code, widen when the code table outgrows them, stop at 12 bits, and a clear
/// code restarts the table when all 4096 codes are used. Output is packed least-significant bit
/// first into data sub-blocks of at most 255 bytes. Reuses its tables across frames.
/// </summary>
internal sealed class GifLzw
{
    private const int MinimumCodeSize = 8;
    private const int ClearCode = 1 << MinimumCodeSize;
    private const int EndOfInformation = ClearCode + 1;
    private const int FirstFreeCode = ClearCode + 2;
    private const int MaxCodes = 4096;
    private const int HashSize = 8192;

    // Open-addressing table from (prefix code << 8 | next index) to the code of that string.
    private readonly int[] _keys = new int[HashSize];
    private readonly short[] _codes = new short[HashSize];
    private readonly byte[] _block = new byte[256];
    private Stream _output = Stream.Null;
    private int _blockLength;
    private ulong _bits;
    private int _bitCount;
    private int _codeSize;
    private int _nextCode;

    /// <summary>Writes the image data of <paramref name="indices"/>: the minimum code size, the sub-blocks and the block terminator.</summary>
    public void Encode(ReadOnlySpan<byte> indices, Stream output)
    {
        _output = output;
        _blockLength = 0;
        _bits = 0;
        _bitCount = 0;
        output.WriteByte(MinimumCodeSize);
        ClearTable();
        Emit(ClearCode);
        if (!indices.IsEmpty)
        {
            int prefix = indices[0];
            for (var i = 1; i < indices.Length; i++)
            {
                int next = indices[i];
                var key = (prefix << 8) | next;
                var slot = Find(key);
                if (_keys[slot] == key)
                {
                    prefix = _codes[slot];
                    continue;
                }
                Emit(prefix);
                if (_nextCode < MaxCodes)
                {
                    _keys[slot] = key;
                    _codes[slot] = (short)_nextCode;
                    Grow();
                }
                else
                {
                    Emit(ClearCode);
                    ClearTable();
                }
                prefix = next;
            }
            Emit(prefix);
            // The decoder adds a table entry on reading this last code too, and may widen before
            // reading the end code; mirror that so both agree on its width.
            if (_nextCode < MaxCodes)
                Grow();
        }
        Emit(EndOfInformation);
        if (_bitCount > 0)
            PutByte((byte)_bits);
        FlushBlock();
        output.WriteByte(0);
        _output = Stream.Null;
    }

    private void Grow()
    {
        _nextCode++;
        if (_nextCode > 1 << _codeSize && _codeSize < 12)
            _codeSize++;
    }

    private void ClearTable()
    {
        Array.Fill(_keys, -1);
        _codeSize = MinimumCodeSize + 1;
        _nextCode = FirstFreeCode;
    }

    private int Find(int key)
    {
        var slot = (int)((uint)(key * -1640531535) >> 19);
        while (_keys[slot] != -1 && _keys[slot] != key)
            slot = (slot + 1) & (HashSize - 1);
        return slot;
    }

    private void Emit(int code)
    {
        _bits |= (ulong)code << _bitCount;
        _bitCount += _codeSize;
        while (_bitCount >= 8)
        {
            PutByte((byte)_bits);
            _bits >>= 8;
            _bitCount -= 8;
        }
    }

    private void PutByte(byte value)
    {
        _block[1 + _blockLength++] = value;
        if (_blockLength == 255)
            FlushBlock();
    }

    private void FlushBlock()
    {
        if (_blockLength == 0)
            return;
        _block[0] = (byte)_blockLength;
        _output.Write(_block, 0, _blockLength + 1);
        _blockLength = 0;
    }
}
