namespace Synaptic.ML.Environments;

/// <summary>
/// The fixed 256-colour palette <see cref="GifEncoder"/> writes: a 6×7×6 RGB cube (252 colours;
/// seven green levels because the eye resolves green best) followed by four greys, with exact
/// nearest-colour lookup.
/// </summary>
/// <remarks>
/// Entry (r, g, b) of the cube has index (r·7 + g)·6 + b for level indices r, b in 0…5 and g in
/// 0…6; red and blue levels are 0, 51, …, 255, green levels 0, 43, 85, 128, 170, 213, 255. Entries
/// 252–255 are the greys 51, 102, 153 and 204. <see cref="Nearest"/> minimises squared Euclidean
/// RGB distance, taking the lowest index on ties.
/// </remarks>
public static class GifPalette
{
    /// <summary>Number of colours.</summary>
    public const int Count = 256;

    private static readonly byte[] RedBlueLevels = [0, 51, 102, 153, 204, 255];
    private static readonly byte[] GreenLevels = [0, 43, 85, 128, 170, 213, 255];
    private static readonly byte[] Greys = [51, 102, 153, 204];
    private static readonly byte[] Table = BuildTable();
    private static readonly byte[] NearestRedBlue = BuildNearest(RedBlueLevels);
    private static readonly byte[] NearestGreen = BuildNearest(GreenLevels);

    /// <summary>The palette as 256 RGB triples (768 bytes), in GIF colour-table order.</summary>
    public static ReadOnlySpan<byte> Rgb => Table;

    /// <summary>Index of the palette colour nearest to (<paramref name="r"/>, <paramref name="g"/>, <paramref name="b"/>).</summary>
    /// <param name="r">Red.</param>
    /// <param name="g">Green.</param>
    /// <param name="b">Blue.</param>
    /// <returns>The index minimising squared distance, lowest on ties.</returns>
    public static byte Nearest(byte r, byte g, byte b)
    {
        // The cube is a product of per-channel grids, so its nearest entry is the per-channel
        // nearest levels; only the four greys then need an explicit comparison.
        int ri = NearestRedBlue[r], gi = NearestGreen[g], bi = NearestRedBlue[b];
        var best = (ri * 7 + gi) * 6 + bi;
        var bestDistance = Square(r - RedBlueLevels[ri]) + Square(g - GreenLevels[gi]) + Square(b - RedBlueLevels[bi]);
        for (var k = 0; k < Greys.Length; k++)
        {
            var distance = Square(r - Greys[k]) + Square(g - Greys[k]) + Square(b - Greys[k]);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = 252 + k;
            }
        }
        return (byte)best;
    }

    /// <summary>Maps row-major RGB pixels to palette indices.</summary>
    /// <param name="rgb">3 bytes per pixel.</param>
    /// <param name="indices">Destination, one byte per pixel.</param>
    public static void Map(ReadOnlySpan<byte> rgb, Span<byte> indices)
    {
        if (rgb.Length != indices.Length * 3)
            throw new ArgumentException($"{rgb.Length} RGB bytes do not make {indices.Length} pixels.", nameof(rgb));
        for (var p = 0; p < indices.Length; p++)
            indices[p] = Nearest(rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]);
    }

    private static int Square(int x) => x * x;

    private static byte[] BuildNearest(byte[] levels)
    {
        var nearest = new byte[256];
        for (var v = 0; v < 256; v++)
        {
            var best = 0;
            for (var k = 1; k < levels.Length; k++)
            {
                if (Math.Abs(v - levels[k]) < Math.Abs(v - levels[best]))
                    best = k;
            }
            nearest[v] = (byte)best;
        }
        return nearest;
    }

    private static byte[] BuildTable()
    {
        var table = new byte[3 * Count];
        var i = 0;
        foreach (var r in RedBlueLevels)
        {
            foreach (var g in GreenLevels)
            {
                foreach (var b in RedBlueLevels)
                {
                    table[i++] = r;
                    table[i++] = g;
                    table[i++] = b;
                }
            }
        }
        foreach (var grey in Greys)
        {
            table[i++] = grey;
            table[i++] = grey;
            table[i++] = grey;
        }
        return table;
    }
}
