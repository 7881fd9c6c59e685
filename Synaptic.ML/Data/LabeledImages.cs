using System.Collections.ObjectModel;

namespace Synaptic.ML.Data;

/// <summary>
/// Equally sized grey-scale images, each with a class: the image data of every loader in this folder
/// (IDX files, Fashion-MNIST, scikit-learn's digits, the generated glyph set) and what
/// <see cref="FewShotEpisodeSampler"/> draws episodes from.
/// </summary>
/// <remarks>
/// <para>
/// Pixels are floats in [0, 1], ink high and background low (as in MNIST), stored row-major
/// [<see cref="Count"/>, <see cref="Height"/>, <see cref="Width"/>]. Labels are class ids from 0 to
/// <see cref="ClassCount"/> − 1; <see cref="ClassNames"/> names each class, and
/// <see cref="ClassAlphabets"/> optionally puts each class in a group (an "alphabet", as in Omniglot),
/// which <see cref="ClassSplit.ByAlphabet"/> keeps together.
/// </para>
/// <para>
/// <see cref="ToDataView"/> gives the ML.NET view of the set, with the columns named in <see cref="Columns"/>;
/// <see cref="FromDataView"/> reads such a view (or any view with an image vector and a label) back.
/// </para>
/// </remarks>
public sealed class LabeledImages
{
    private readonly float[] _pixels;
    private readonly int[] _labels;
    private int[][]? _examplesByClass;

    /// <summary>The column names of <see cref="ToDataView"/>.</summary>
    public static class Columns
    {
        /// <summary>
        /// The pixels: a known-size vector of Single with dimensions [Height, Width], row-major, values in [0, 1].
        /// </summary>
        public const string Image = nameof(Image);

        /// <summary>
        /// The class: a key (UInt32) whose count is the number of classes and whose key values are the class
        /// names. As for every ML.NET key, the raw value is the class id + 1 (0 means missing); this is the
        /// label type that ML.NET's multiclass trainers produce with <c>MapValueToKey</c> and that
        /// <c>MulticlassClassification.Evaluate</c> reads, and the key values name the classes in its confusion matrix.
        /// </summary>
        public const string Label = nameof(Label);

        /// <summary>The alphabet (group) of the row's class, as text; only present when the set has alphabets.</summary>
        public const string Alphabet = nameof(Alphabet);
    }

    /// <summary>
    /// Creates an image set from its pixels and labels. The arrays are used as they are, not copied: do not
    /// change them afterwards.
    /// </summary>
    /// <param name="height">The height of every image in pixels, positive.</param>
    /// <param name="width">The width of every image in pixels, positive.</param>
    /// <param name="pixels">The pixels in [0, 1], [count, height × width] row-major.</param>
    /// <param name="labels">The class id of each image, from 0 to <paramref name="classNames"/>.Count − 1.</param>
    /// <param name="classNames">The name of each class; the number of classes.</param>
    /// <param name="classAlphabets">The alphabet (group) of each class, or <see langword="null"/> when classes have none.</param>
    /// <exception cref="ArgumentNullException">An array or list is null, or so is a name in it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> or <paramref name="width"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The sizes do not match, a label is out of range, or a pixel is outside [0, 1];
    /// the message names the index and value.</exception>
    public LabeledImages(int height, int width, float[] pixels, int[] labels, IReadOnlyList<string> classNames, IReadOnlyList<string>? classAlphabets = null)
        : this(height, width, pixels, labels, classNames, classAlphabets, validatePixels: true)
    {
    }

    /// <summary>Wraps IDX images (their pixel array is shared, not copied) with one label per image.</summary>
    /// <param name="images">The images, as read by <see cref="IdxReader.ReadImages"/>.</param>
    /// <param name="labels">The class id of each image.</param>
    /// <param name="classNames">The name of each class; the number of classes.</param>
    /// <exception cref="ArgumentException">The counts do not match or a label is out of range.</exception>
    public LabeledImages(IdxImages images, int[] labels, IReadOnlyList<string> classNames)
        : this(NotNull(images).Rows, images.Columns, images.Pixels, labels, classNames, null, validatePixels: false)
    {
    }

    internal LabeledImages(int height, int width, float[] pixels, int[] labels, IReadOnlyList<string> classNames, IReadOnlyList<string>? classAlphabets, bool validatePixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        long expected = (long)labels.Length * height * width;
        if (pixels.Length != expected)
        {
            throw new ArgumentException(
                $"The pixel array has {pixels.Length} values, but {labels.Length} images of {height}x{width} need {expected}.", nameof(pixels));
        }

        ClassNames = CheckNames(classNames, nameof(classNames));
        if (classAlphabets is not null)
        {
            ClassAlphabets = CheckNames(classAlphabets, nameof(classAlphabets));
            if (ClassAlphabets.Count != ClassNames.Count)
            {
                throw new ArgumentException(
                    $"There are {ClassAlphabets.Count} class alphabets for {ClassNames.Count} classes; give one per class.", nameof(classAlphabets));
            }

            Alphabets = Array.AsReadOnly(ClassAlphabets.Distinct(StringComparer.Ordinal).ToArray());
        }

        int bad = Array.FindIndex(labels, l => (uint)l >= (uint)ClassNames.Count);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"Label {labels[bad]} of image {bad} is not a class id: there are {ClassNames.Count} classes (ids 0 to {ClassNames.Count - 1}).", nameof(labels));
        }

        if (validatePixels)
        {
            int outside = pixels.AsSpan().IndexOfAnyExceptInRange(0f, 1f);
            if (outside >= 0)
            {
                int pixelsPerImage = height * width;
                throw new ArgumentException(
                    $"Pixel {outside % pixelsPerImage} of image {outside / pixelsPerImage} is {pixels[outside]}; pixels must be in [0, 1].", nameof(pixels));
            }
        }

        Height = height;
        Width = width;
        _pixels = pixels;
        _labels = labels;
        Labels = Array.AsReadOnly(labels);
    }

    /// <summary>The number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>The height of every image in pixels.</summary>
    public int Height { get; }

    /// <summary>The width of every image in pixels.</summary>
    public int Width { get; }

    /// <summary>The number of pixels of one image, <see cref="Height"/> × <see cref="Width"/>.</summary>
    public int PixelsPerImage => Height * Width;

    /// <summary>All pixels in [0, 1], row-major [<see cref="Count"/>, <see cref="Height"/>, <see cref="Width"/>].</summary>
    public ReadOnlyMemory<float> Pixels => _pixels;

    /// <summary>The class id of each image, from 0 to <see cref="ClassCount"/> − 1.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The number of classes (some may have no images).</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The name of each class, indexed by class id.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The alphabet (group) of each class, indexed by class id; <see langword="null"/> when the set has none.</summary>
    public IReadOnlyList<string>? ClassAlphabets { get; }

    /// <summary>The distinct alphabets in the order their first class appears; empty when the set has none.</summary>
    public IReadOnlyList<string> Alphabets { get; } = [];

    /// <summary>The <see cref="PixelsPerImage"/> pixels of one image, row by row.</summary>
    /// <param name="index">The image index, from 0 to <see cref="Count"/> − 1.</param>
    /// <returns>A view into <see cref="Pixels"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public ReadOnlySpan<float> Image(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The image index must be in [0, {Count}).");
        }

        return new ReadOnlySpan<float>(_pixels, index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>The indices of the images of one class, in increasing order.</summary>
    /// <param name="classId">The class id, from 0 to <see cref="ClassCount"/> − 1.</param>
    /// <returns>The image indices; empty when the class has no images.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classId"/> is not a class id.</exception>
    public IReadOnlyList<int> ExamplesOf(int classId)
    {
        if ((uint)classId >= (uint)ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(classId), classId, $"There are {ClassCount} classes (ids 0 to {ClassCount - 1}).");
        }

        return Array.AsReadOnly(ExamplesByClass()[classId]);
    }

    /// <summary>
    /// The images of the given classes, in their original order, keeping class ids, names and alphabets
    /// (so the key type of <see cref="Columns.Label"/> is the same as this set's).
    /// </summary>
    /// <param name="classIds">The classes to keep.</param>
    /// <returns>A new image set with its own copy of the pixels.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An id is not a class id.</exception>
    public LabeledImages OfClasses(IEnumerable<int> classIds)
    {
        ArgumentNullException.ThrowIfNull(classIds);
        var keep = new bool[ClassCount];
        foreach (int id in classIds)
        {
            if ((uint)id >= (uint)ClassCount)
            {
                throw new ArgumentOutOfRangeException(nameof(classIds), id, $"There are {ClassCount} classes (ids 0 to {ClassCount - 1}).");
            }

            keep[id] = true;
        }

        int[] rows = Enumerable.Range(0, Count).Where(i => keep[_labels[i]]).ToArray();
        return Select(rows, rows.Select(r => _labels[r]).ToArray(), ClassNames, ClassAlphabets);
    }

    /// <summary>
    /// The set as an ML.NET <see cref="IDataView"/> with the columns <see cref="Columns.Image"/>,
    /// <see cref="Columns.Label"/> and, when the set has alphabets, <see cref="Columns.Alphabet"/>.
    /// The view reads this set's memory; it copies nothing up front.
    /// </summary>
    /// <param name="context">The ML.NET context.</param>
    /// <returns>The data view.</returns>
    /// <example>
    /// <code>
    /// var ml = new MLContext(seed: 1);
    /// IDataView digits = ml.Synaptic().Data.LoadDigits().ToDataView(ml);
    /// // Label is already a key with the class names as values: train and evaluate directly.
    /// var model = ml.Transforms.CopyColumns("Features", "Image")
    ///     .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
    ///     .Fit(digits);
    /// var metrics = ml.MulticlassClassification.Evaluate(model.Transform(digits));
    /// </code>
    /// </example>
    public IDataView ToDataView(MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LabeledImagesDataView(this);
    }

    /// <summary>
    /// Reads an image set from an <see cref="IDataView"/>, such as one made by <see cref="ToDataView"/>.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="imageColumn">A known-size vector of Single in [0, 1]; its dimensions [height, width] give the
    /// image size, and a vector without two dimensions must have a square size.</param>
    /// <param name="labelColumn">The class: a key (class id = raw value − 1, names from its key values when present),
    /// a non-negative whole number (class id = value, names "0", "1", …), or text (classes are the distinct texts in
    /// ordinal order).</param>
    /// <param name="alphabetColumn">A text column giving each class's alphabet, or <see langword="null"/> for none. A class
    /// without rows has no alphabet to read and gets the empty one.</param>
    /// <returns>The images, labels, class names and alphabets.</returns>
    /// <exception cref="ArgumentException">A column is missing or has a type that cannot be read; the message names it.</exception>
    /// <exception cref="InvalidDataException">A value is invalid (missing label, pixel outside [0, 1], a class in two
    /// alphabets); the message names the row and column.</exception>
    public static LabeledImages FromDataView(
        IDataView data, string imageColumn = Columns.Image, string labelColumn = Columns.Label, string? alphabetColumn = null) =>
        LabeledImagesReader.Read(data, imageColumn, labelColumn, alphabetColumn);

    /// <summary>The images at <paramref name="rows"/>, with new labels and class names.</summary>
    internal LabeledImages Select(IReadOnlyList<int> rows, int[] labels, IReadOnlyList<string> classNames, IReadOnlyList<string>? classAlphabets)
    {
        int size = PixelsPerImage;
        var pixels = new float[(long)rows.Count * size];
        for (int i = 0; i < rows.Count; i++)
        {
            Array.Copy(_pixels, (long)rows[i] * size, pixels, (long)i * size, size);
        }

        return new LabeledImages(Height, Width, pixels, labels, classNames, classAlphabets, validatePixels: false);
    }

    /// <summary>The image indices of every class, computed once.</summary>
    internal int[][] ExamplesByClass()
    {
        if (_examplesByClass is null)
        {
            var counts = new int[ClassCount];
            foreach (int label in _labels)
            {
                counts[label]++;
            }

            var byClass = new int[ClassCount][];
            for (int c = 0; c < byClass.Length; c++)
            {
                byClass[c] = new int[counts[c]];
            }

            Array.Clear(counts);
            for (int i = 0; i < _labels.Length; i++)
            {
                int label = _labels[i];
                byClass[label][counts[label]++] = i;
            }

            _examplesByClass = byClass;
        }

        return _examplesByClass;
    }

    private static IdxImages NotNull(IdxImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images;
    }

    private static ReadOnlyCollection<string> CheckNames(IReadOnlyList<string> names, string parameter)
    {
        var copy = names.ToArray();
        int bad = Array.FindIndex(copy, n => n is null);
        if (bad >= 0)
        {
            throw new ArgumentNullException(parameter, $"Name {bad} of {parameter} is null.");
        }

        return Array.AsReadOnly(copy);
    }
}
