namespace Synaptic.ML.Data;

/// <summary>
/// The glyph set as generated and cached: 8-bit coverage per pixel (0 background, 255 full ink), so that a set read
/// from the cache converts to exactly the same floats as a freshly generated one.
/// </summary>
internal sealed record GlyphSetPixels(int Size, byte[] Coverage, int[] Labels, string[] ClassNames, string[] ClassAlphabets)
{
    /// <summary>The set with pixels scaled to [0, 1] by dividing by 255, as the IDX reader does.</summary>
    public LabeledImages ToLabeledImages()
    {
        var unit = new float[256];
        for (int b = 0; b < unit.Length; b++)
        {
            unit[b] = b / 255f;
        }

        var pixels = new float[Coverage.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = unit[Coverage[i]];
        }

        return new LabeledImages(Size, Size, pixels, Labels, ClassNames, ClassAlphabets, validatePixels: false);
    }
}
