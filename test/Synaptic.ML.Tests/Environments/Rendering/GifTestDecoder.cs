namespace Synaptic.ML.Tests.Environments.Rendering;

/// <summary>
/// An independent GIF89a reader for the tests: walks the block structure (header, logical screen,
/// global colour table, extensions, images, trailer) and decodes LZW image data as the GIF
/// specification describes a decoder, to check what the encoder wrote.
/// </summary>
internal sealed class GifTestDecoder
{
    public sealed record Image(int Width, int Height, int DelayCentiseconds, byte[] Indices);

    public string Signature { get; private set; } = "";
    public int Width { get; private set; }
    public int Height { get; private set; }
    public byte[] GlobalColorTable { get; private set; } = [];
    public int? LoopCount { get; private set; }
    public List<Image> Images { get; } = [];
    public bool HasTrailer { get; private set; }

    public static GifTestDecoder Read(byte[] data)
    {
        var gif = new GifTestDecoder();
        var p = 0;
        gif.Signature = System.Text.Encoding.ASCII.GetString(data, 0, 6);
        p = 6;
        gif.Width = data[p] | data[p + 1] << 8;
        gif.Height = data[p + 2] | data[p + 3] << 8;
        var packed = data[p + 4];
        p += 7;
        if ((packed & 0x80) != 0)
        {
            var size = 3 * (1 << ((packed & 7) + 1));
            gif.GlobalColorTable = data[p..(p + size)];
            p += size;
        }
        var delay = 0;
        while (true)
        {
            var introducer = data[p++];
            if (introducer == 0x3B)
            {
                gif.HasTrailer = true;
                Assert.AreEqual(data.Length, p, "nothing may follow the trailer");
                return gif;
            }
            if (introducer == 0x21)
            {
                var label = data[p++];
                var blocks = ReadSubBlocks(data, ref p);
                if (label == 0xF9)
                    delay = blocks[0][1] | blocks[0][2] << 8;
                else if (label == 0xFF && System.Text.Encoding.ASCII.GetString(blocks[0]) == "NETSCAPE2.0")
                    gif.LoopCount = blocks[1][1] | blocks[1][2] << 8;
                continue;
            }
            Assert.AreEqual(0x2C, introducer, $"unexpected block 0x{introducer:X2} at byte {p - 1}");
            var width = data[p + 4] | data[p + 5] << 8;
            var height = data[p + 6] | data[p + 7] << 8;
            Assert.AreEqual(0, data[p + 8] & 0x80, "no local colour table expected");
            p += 9;
            int minimumCodeSize = data[p++];
            var lzw = ReadSubBlocks(data, ref p).SelectMany(b => b).ToArray();
            gif.Images.Add(new Image(width, height, delay, DecodeLzw(lzw, minimumCodeSize, width * height)));
        }
    }

    private static List<byte[]> ReadSubBlocks(byte[] data, ref int p)
    {
        var blocks = new List<byte[]>();
        while (data[p] != 0)
        {
            int length = data[p++];
            blocks.Add(data[p..(p + length)]);
            p += length;
        }
        p++;
        return blocks;
    }

    /// <summary>The decoder of the GIF specification's appendix F, with codes read LSB first.</summary>
    public static byte[] DecodeLzw(byte[] data, int minimumCodeSize, int pixelCount)
    {
        var clear = 1 << minimumCodeSize;
        var end = clear + 1;
        var table = new List<byte[]>();
        void ResetTable()
        {
            table.Clear();
            for (var i = 0; i < clear; i++)
                table.Add([(byte)i]);
            table.Add([]);
            table.Add([]);
        }
        ResetTable();
        var output = new List<byte>(pixelCount);
        var codeSize = minimumCodeSize + 1;
        long bitPosition = 0;
        byte[]? previous = null;
        var sawEnd = false;
        while (bitPosition + codeSize <= data.Length * 8L)
        {
            var code = 0;
            for (var b = 0; b < codeSize; b++, bitPosition++)
                code |= ((data[bitPosition >> 3] >> (int)(bitPosition & 7)) & 1) << b;
            if (code == clear)
            {
                ResetTable();
                codeSize = minimumCodeSize + 1;
                previous = null;
                continue;
            }
            if (code == end)
            {
                sawEnd = true;
                break;
            }
            byte[] entry;
            if (code < table.Count)
                entry = table[code];
            else if (code == table.Count && previous is not null)
                entry = [.. previous, previous[0]];
            else
                throw new AssertFailedException($"LZW code {code} is not in the table of {table.Count} entries");
            output.AddRange(entry);
            if (previous is not null && table.Count < 4096)
                table.Add([.. previous, entry[0]]);
            previous = entry;
            if (table.Count == 1 << codeSize && codeSize < 12)
                codeSize++;
        }
        Assert.IsTrue(sawEnd, "the LZW stream must finish with the end-of-information code");
        Assert.AreEqual(pixelCount, output.Count, "decoded pixel count");
        return output.ToArray();
    }
}
