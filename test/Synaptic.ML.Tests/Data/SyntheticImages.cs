using Synaptic.ML.Data;

namespace Synaptic.ML.Tests.Data;

/// <summary>Small image sets whose every pixel tells which image it belongs to.</summary>
internal static class SyntheticImages
{
    /// <summary>
    /// <paramref name="perClass"/>[c] images of class c ("class c"), 2×3 pixels, ordered by class; every pixel of
    /// image i is <see cref="PixelOf"/>(i) and, when <paramref name="alphabetSize"/> is given, class c is in
    /// alphabet "A{c / alphabetSize}".
    /// </summary>
    public static LabeledImages Create(int[] perClass, int? alphabetSize = null)
    {
        int count = perClass.Sum();
        var labels = perClass.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        var pixels = Enumerable.Range(0, count).SelectMany(i => Enumerable.Repeat(PixelOf(i), 6)).ToArray();
        var names = perClass.Select((_, c) => $"class {c}").ToArray();
        var alphabets = alphabetSize is int size ? perClass.Select((_, c) => $"A{c / size}").ToArray() : null;
        return new LabeledImages(2, 3, pixels, labels, names, alphabets);
    }

    /// <summary>The value of every pixel of image <paramref name="index"/>: distinct per image, in [0, 1].</summary>
    public static float PixelOf(int index) => (index + 1) / 4096f;

    /// <summary>The image an image of <see cref="Create"/> is, read from its first pixel.</summary>
    public static int IndexOf(ReadOnlySpan<float> image) => (int)Math.Round(image[0] * 4096) - 1;
}
