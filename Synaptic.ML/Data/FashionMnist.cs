using System.Collections.ObjectModel;

namespace Synaptic.ML.Data;

/// <summary>
/// The Fashion-MNIST data set: 28×28 grey-scale images of clothing in 10 classes, 60,000 for training
/// and 10,000 for testing, as installed by the Debian package <c>dataset-fashion-mnist</c>.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The image height and width in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>How to install the data set, for error messages.</summary>
    internal const string InstallAdvice =
        "Fashion-MNIST comes from the Debian package 'dataset-fashion-mnist': install it with "
        + "'apt-get install dataset-fashion-mnist', which puts its files in " + DefaultDirectory + ".";

    private static readonly ReadOnlyCollection<string> Names = Array.AsReadOnly(
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]);

    /// <summary>The 10 class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames => Names;

    /// <summary>
    /// Loads the training or test split: images scaled to [0, 1] and their labels 0 to 9.
    /// </summary>
    /// <param name="train">True for the 60,000 training examples (<c>train-*</c> files), false for the
    /// 10,000 test examples (<c>t10k-*</c> files).</param>
    /// <param name="maxCount">Loads at most this many examples, from the start; null loads all.</param>
    /// <param name="directory">The folder holding the files; null for <see cref="DefaultDirectory"/>.</param>
    /// <returns>The images and, for each, its label.</returns>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to install the data set.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, or the images and labels do not match.</exception>
    public static (IdxImages Images, byte[] Labels) Load(bool train, int? maxCount = null, string? directory = null)
    {
        string dir = directory ?? DefaultDirectory;
        string imagesPath = Locate(dir, ImagesFile(train));
        string labelsPath = Locate(dir, LabelsFile(train));
        EnsureExists(imagesPath);
        EnsureExists(labelsPath);

        IdxImages images = IdxReader.ReadImages(imagesPath, maxCount);
        byte[] labels = IdxReader.ReadLabels(labelsPath, maxCount);
        if (images.Rows != ImageSize || images.Columns != ImageSize)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {images.Rows}x{images.Columns} images; Fashion-MNIST images are {ImageSize}x{ImageSize}.");
        }

        if (images.Count != labels.Length)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels.");
        }

        int bad = Array.FindIndex(labels, l => l >= Names.Count);
        if (bad >= 0)
        {
            throw new InvalidDataException(
                $"'{labelsPath}' has label {labels[bad]} at index {bad}; Fashion-MNIST labels are 0 to {Names.Count - 1}.");
        }

        return (images, labels);
    }

    /// <summary>
    /// Loads the training or test split as <see cref="LabeledImages"/> (28×28, pixels in [0, 1], class names from
    /// <see cref="ClassNames"/>), ready for <see cref="LabeledImages.ToDataView"/> or a <see cref="FewShotEpisodeSampler"/>.
    /// </summary>
    /// <param name="train">True for the 60,000 training examples, false for the 10,000 test examples.</param>
    /// <param name="maxCount">Loads at most this many examples, from the start; null loads all.</param>
    /// <param name="directory">The folder holding the files; null for <see cref="DefaultDirectory"/>.</param>
    /// <returns>The labelled images.</returns>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to install the data set.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, or the images and labels do not match.</exception>
    public static LabeledImages LoadLabeledImages(bool train, int? maxCount = null, string? directory = null)
    {
        var (images, labels) = Load(train, maxCount, directory);
        return new LabeledImages(images, Array.ConvertAll(labels, l => (int)l), Names);
    }

    /// <summary>Whether all four Fashion-MNIST files are in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder to look in; null for <see cref="DefaultDirectory"/>.</param>
    /// <returns>True when the training and test images and labels are all there.</returns>
    public static bool IsInstalled(string? directory = null)
    {
        string dir = directory ?? DefaultDirectory;
        return new[] { ImagesFile(true), LabelsFile(true), ImagesFile(false), LabelsFile(false) }
            .All(name => File.Exists(Locate(dir, name)));
    }

    private static string ImagesFile(bool train) => (train ? "train" : "t10k") + "-images-idx3-ubyte.gz";

    private static string LabelsFile(bool train) => (train ? "train" : "t10k") + "-labels-idx1-ubyte.gz";

    /// <summary>The <c>.gz</c> file, or the same name without <c>.gz</c> if only an uncompressed copy exists.</summary>
    private static string Locate(string directory, string gzName)
    {
        string gz = Path.Combine(directory, gzName);
        string raw = gz[..^".gz".Length];
        return !File.Exists(gz) && File.Exists(raw) ? raw : gz;
    }

    private static void EnsureExists(string path)
    {
        if (!File.Exists(path))
        {
            string fullPath = Path.GetFullPath(path);
            throw new FileNotFoundException($"Fashion-MNIST file not found: '{fullPath}'. {InstallAdvice}", fullPath);
        }
    }
}
