using System.Globalization;
using Synaptic.ML.Data;
using GlyphSetGenerator = Synaptic.ML.Data.GlyphSet;

namespace Synaptic.ML;

/// <summary>
/// Image data sets and few-shot episodes on <c>mlContext.Synaptic().Data</c>. Every loader returns
/// <see cref="LabeledImages"/>: call <see cref="LabeledImages.ToDataView"/> for the ML.NET view (columns Image,
/// Label as a key with the class names, and Alphabet for the glyph set), or give it to a
/// <see cref="FewShotEpisodeSampler"/>.
/// </summary>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// LabeledImages glyphs = ml.Synaptic().Data.GlyphSet();
/// ClassSplit split = ClassSplit.ByAlphabet(glyphs, validationAlphabets: 10, testAlphabets: 15, seed: 1);
/// FewShotEpisodeSampler train = ml.Synaptic().Data.FewShotEpisodes(glyphs, split, SplitPart.MetaTrain);
/// FewShotEpisode episode = train.Sample(ways: 5, shots: 1, queries: 15);
/// </code>
/// </example>
public static class ImageDataCatalog
{
    /// <summary>
    /// Loads images and labels from a pair of IDX files (the MNIST format), raw or gzip-compressed; see
    /// <see cref="IdxReader.ReadLabeledImages"/>.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="imagesPath">The image file, e.g. <c>train-images-idx3-ubyte.gz</c>.</param>
    /// <param name="labelsPath">The label file, e.g. <c>train-labels-idx1-ubyte.gz</c>.</param>
    /// <param name="maxCount">Loads at most this many examples, from the start; null loads all.</param>
    /// <param name="classNames">The name of each class; null names classes "0" to the largest label.</param>
    /// <returns>The images in [0, 1] with their labels.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist; the message names it.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt or the two files do not match; the message names the file.</exception>
    public static LabeledImages LoadIdxImages(
        this SynapticDataCatalog catalog, string imagesPath, string labelsPath, int? maxCount = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return IdxReader.ReadLabeledImages(imagesPath, labelsPath, maxCount, classNames);
    }

    /// <summary>
    /// Loads Fashion-MNIST (28×28, 10 classes named as in <see cref="FashionMnist.ClassNames"/>) from the Debian
    /// package <c>dataset-fashion-mnist</c>.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="train">True for the 60,000 training examples, false for the 10,000 test examples.</param>
    /// <param name="maxCount">Loads at most this many examples, from the start; null loads all.</param>
    /// <param name="directory">The folder of the files; null for <see cref="FashionMnist.DefaultDirectory"/>.</param>
    /// <returns>The labelled images.</returns>
    /// <exception cref="FileNotFoundException">A file is missing; the message says to install <c>dataset-fashion-mnist</c>.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt.</exception>
    public static LabeledImages LoadFashionMnist(this SynapticDataCatalog catalog, bool train, int? maxCount = null, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return FashionMnist.LoadLabeledImages(train, maxCount, directory);
    }

    /// <summary>
    /// Loads scikit-learn's 1,797 handwritten digits (8×8, pixels 0–16 scaled to [0, 1], classes "0" to "9") from
    /// the Debian package <c>python3-sklearn</c>; see <see cref="SklearnDigits"/>.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The <c>digits.csv.gz</c> file.</param>
    /// <returns>The labelled images.</returns>
    /// <exception cref="FileNotFoundException">The file is missing; the message says to install <c>python3-sklearn</c>.</exception>
    /// <exception cref="InvalidDataException">A line of the file is malformed; the message names it.</exception>
    public static LabeledImages LoadDigits(this SynapticDataCatalog catalog, string path = SklearnDigits.DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return SklearnDigits.Load(path);
    }

    /// <summary>
    /// The Omniglot-style glyph set generated from installed fonts (see <see cref="GlyphSetGenerator"/>), read from its
    /// cache when there. Where it came from and how long it took go to the context's log (<see cref="MLContext.Log"/>).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="options">The options; null for the defaults (74 alphabets, 20 renderings of every letter, 28×28).</param>
    /// <param name="progress">Told after each alphabet is rendered.</param>
    /// <returns>The images, with the alphabet of every class.</returns>
    /// <exception cref="FileNotFoundException">A font is missing; the message says to install <c>fonts-noto-core</c>.</exception>
    /// <exception cref="InvalidDataException">A font cannot be read, or the cache file is corrupt (the message says to delete it).</exception>
    public static LabeledImages GlyphSet(this SynapticDataCatalog catalog, GlyphSetOptions? options = null, IProgress<GlyphSetProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var load = GlyphSetGenerator.Load(options ?? new GlyphSetOptions(), progress);
        using var channel = ((IHostEnvironment)catalog.Context).Register(nameof(GlyphSet)).Start(nameof(GlyphSet));
        var images = load.Images;
        string source = load.FromCache ? $"read from the cache {load.CachePath}"
            : load.CachePath is null ? "generated (no cache)" : $"generated and cached in {load.CachePath}";
        channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture,
            $"Glyph set: {images.Alphabets.Count} alphabets, {images.ClassCount} classes, {images.Count} images of {images.Height}x{images.Width}, {source} in {load.Elapsed.TotalSeconds:F1} s."));
        return images;
    }

    /// <summary>An episode sampler over one part of a class split of <paramref name="images"/>.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="images">The images.</param>
    /// <param name="split">The class split.</param>
    /// <param name="part">The part whose classes episodes are drawn from.</param>
    /// <param name="seed">The sampler's seed; null takes one from the <see cref="MLContext"/>'s seed.</param>
    /// <returns>The sampler.</returns>
    /// <exception cref="ArgumentException">A class of the part is not a class of <paramref name="images"/>.</exception>
    public static FewShotEpisodeSampler FewShotEpisodes(
        this SynapticDataCatalog catalog, LabeledImages images, ClassSplit split, SplitPart part, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        int s = seed ?? ((IHostEnvironment)catalog.Context).Register(nameof(FewShotEpisodeSampler)).Rand.Next();
        return new FewShotEpisodeSampler(images, split, part, (ulong)(uint)s);
    }

    /// <summary>
    /// An episode sampler over one part of a class split of the images in <paramref name="data"/>, read with
    /// <see cref="LabeledImages.FromDataView"/> (class ids are key values − 1, or the whole-number labels themselves).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="data">The data.</param>
    /// <param name="split">The class split, in the data's class ids.</param>
    /// <param name="part">The part whose classes episodes are drawn from.</param>
    /// <param name="imageColumn">The image column: a known-size Single vector in [0, 1].</param>
    /// <param name="labelColumn">The label column: a key, a whole number or text.</param>
    /// <param name="seed">The sampler's seed; null takes one from the <see cref="MLContext"/>'s seed.</param>
    /// <returns>The sampler.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or a class of the part is not in the data.</exception>
    public static FewShotEpisodeSampler FewShotEpisodes(
        this SynapticDataCatalog catalog, IDataView data, ClassSplit split, SplitPart part,
        string imageColumn = LabeledImages.Columns.Image, string labelColumn = LabeledImages.Columns.Label, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return FewShotEpisodes(catalog, LabeledImages.FromDataView(data, imageColumn, labelColumn), split, part, seed);
    }
}
