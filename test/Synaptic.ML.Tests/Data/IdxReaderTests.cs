using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML;
using Synaptic.ML.Data;

namespace Synaptic.ML.Tests.Data;

[TestClass]
public sealed class IdxReaderTests : TempDirectoryTest
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ReadImages_RoundTripsSyntheticFile(bool gzip)
    {
        const int count = 3, rows = 2, columns = 4;
        byte[] pixels = Enumerable.Range(0, count * rows * columns).Select(i => (byte)(i * 11)).ToArray();
        pixels[^1] = 255;
        // The name says nothing about compression: the reader must look at the content.
        string path = Write("images.idx", Idx(0x08, [count, rows, columns], pixels), gzip);

        IdxImages images = IdxReader.ReadImages(path);

        Assert.AreEqual(count, images.Count);
        Assert.AreEqual(rows, images.Rows);
        Assert.AreEqual(columns, images.Columns);
        Assert.AreEqual(rows * columns, images.PixelsPerImage);
        CollectionAssert.AreEqual(pixels.Select(b => b / 255f).ToArray(), images.Pixels);
        Assert.AreEqual(0f, images.Pixels[0]);
        Assert.AreEqual(1f, images.Pixels[^1]);
        CollectionAssert.AreEqual(images.Pixels[8..16], images.Image(1).ToArray());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => images.Image(3));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => images.Image(-1));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ReadImages_MaxCount_ReadsTheFirstImages(bool gzip)
    {
        byte[] pixels = Enumerable.Range(0, 5 * 9).Select(i => (byte)i).ToArray();
        string path = Write("images.idx", Idx(0x08, [5, 3, 3], pixels), gzip);

        IdxImages two = IdxReader.ReadImages(path, maxCount: 2);
        Assert.AreEqual(2, two.Count);
        CollectionAssert.AreEqual(pixels[..18].Select(b => b / 255f).ToArray(), two.Pixels);

        Assert.AreEqual(5, IdxReader.ReadImages(path, maxCount: 50).Count);
        Assert.AreEqual(0, IdxReader.ReadImages(path, maxCount: 0).Count);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => IdxReader.ReadImages(path, maxCount: -1));
    }

    [TestMethod]
    public void ReadImages_LargerThanOneReadChunk_RoundTrips()
    {
        // 300 images of 28x28 = 235,200 bytes: several internal read chunks, through gzip.
        var rng = new Random(7);
        byte[] pixels = new byte[300 * 28 * 28];
        rng.NextBytes(pixels);
        string path = Write("big.gz", Idx(0x08, [300, 28, 28], pixels), gzip: true);

        IdxImages images = IdxReader.ReadImages(path);

        Assert.AreEqual(300, images.Count);
        for (int i = 0; i < pixels.Length; i++)
        {
            if (images.Pixels[i] != pixels[i] / 255f)
            {
                Assert.Fail($"pixel {i}: expected {pixels[i] / 255f}, found {images.Pixels[i]}");
            }
        }
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ReadLabels_RoundTripsSyntheticFile(bool gzip)
    {
        byte[] labels = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5];
        string path = Write("labels", Idx(0x08, [labels.Length], labels), gzip);

        CollectionAssert.AreEqual(labels, IdxReader.ReadLabels(path));
        CollectionAssert.AreEqual(labels[..4], IdxReader.ReadLabels(path, maxCount: 4));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ReadImages_TruncatedData_ThrowsInvalidDataNamingPath(bool gzip)
    {
        byte[] full = Idx(0x08, [4, 5, 5], new byte[100]);
        string path = Write("cut.idx", full[..^10], gzip);

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("100", ex.Message);
        Assert.Contains("90", ex.Message);

        // Reading only the images that are complete still works.
        Assert.AreEqual(3, IdxReader.ReadImages(path, maxCount: 3).Count);
    }

    [TestMethod]
    [DataRow(2)]
    [DataRow(6)]
    [DataRow(13)]
    public void ReadImages_TruncatedHeader_ThrowsInvalidDataNamingPath(int length)
    {
        byte[] full = Idx(0x08, [1, 2, 2], new byte[4]);
        string path = Write("header.idx", full[..length], gzip: false);

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [TestMethod]
    public void ReadLabels_Truncated_ThrowsInvalidDataNamingPath()
    {
        string path = Write("labels.gz", Idx(0x08, [10], new byte[10])[..^1], gzip: true);
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("10", ex.Message);
        Assert.Contains("9", ex.Message);
    }

    [TestMethod]
    public void ReadImages_CorruptGzip_ThrowsInvalidDataNamingPath()
    {
        byte[] gz = Gzip(Idx(0x08, [50, 10, 10], Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray()));
        // Keep the gzip header, cut the compressed stream in the middle.
        string path = Path.Combine(Dir, "cut.gz");
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, ex.Message);
    }

    [TestMethod]
    public void ReadImages_OnLabelFile_ThrowsWrongMagicWithExpectedAndFound()
    {
        string path = Write("labels", Idx(0x08, [3], [1, 2, 3]), gzip: true);

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("expected", ex.Message);
        Assert.Contains("0x00000803", ex.Message);
        Assert.Contains("0x00000801", ex.Message);
    }

    [TestMethod]
    public void ReadLabels_OnImageFile_ThrowsWrongMagicWithExpectedAndFound()
    {
        string path = Write("images", Idx(0x08, [1, 1, 1], [0]), gzip: false);

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("0x00000801", ex.Message);
        Assert.Contains("0x00000803", ex.Message);
    }

    [TestMethod]
    public void ReadImages_NotAnIdxFile_ThrowsInvalidData()
    {
        string path = Path.Combine(Dir, "notes.txt");
        File.WriteAllText(path, "hello, this is not an IDX file");

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("0x00000803", ex.Message);
        Assert.Contains("0x68656C6C", ex.Message);
    }

    [TestMethod]
    public void ReadImages_OtherDataType_ThrowsNotSupportedNamingFileAndType()
    {
        // 32-bit float images: magic 0x00000D03.
        string path = Write("float.idx", Idx(0x0D, [1, 1, 1], new byte[4]), gzip: false);

        var ex = Assert.ThrowsExactly<NotSupportedException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("0x0D", ex.Message);
        Assert.Contains("float", ex.Message);
    }

    [TestMethod]
    public void ReadImages_MissingFile_ThrowsFileNotFoundNamingPath()
    {
        string path = Path.Combine(Dir, "nope", "missing-idx3-ubyte.gz");

        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, ex.Message);
        Assert.AreEqual(path, ex.FileName);
        Assert.DoesNotContain("dataset-fashion-mnist", ex.Message);
        Assert.ThrowsExactly<FileNotFoundException>(() => IdxReader.ReadLabels(path));
    }

    [TestMethod]
    public void ReadImages_MissingFileUnderFashionMnistDirectory_SaysWhichPackageToInstall()
    {
        string path = Path.Combine(FashionMnist.DefaultDirectory, "no-such-file-idx3-ubyte.gz");

        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("dataset-fashion-mnist", ex.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", ex.Message);
    }

    [TestMethod]
    public void FashionMnist_MissingDirectory_SaysWhichPackageToInstall()
    {
        string missing = Path.Combine(Dir, "fashion-mnist");

        Assert.IsFalse(FashionMnist.IsInstalled(missing));
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => FashionMnist.Load(train: false, directory: missing));
        Assert.Contains(missing, ex.Message);
        Assert.Contains("dataset-fashion-mnist", ex.Message);
    }

    [TestMethod]
    public void FashionMnist_LoadsSyntheticDirectory()
    {
        string dir = Path.Combine(Dir, "fmnist");
        Directory.CreateDirectory(dir);
        var rng = new Random(3);
        foreach (string split in new[] { "train", "t10k" })
        {
            int n = split == "train" ? 6 : 4;
            byte[] pixels = new byte[n * 28 * 28];
            rng.NextBytes(pixels);
            byte[] labels = Enumerable.Range(0, n).Select(i => (byte)(9 - i)).ToArray();
            File.WriteAllBytes(Path.Combine(dir, $"{split}-images-idx3-ubyte.gz"), Gzip(Idx(0x08, [n, 28, 28], pixels)));
            // An uncompressed labels file is found under the name without ".gz".
            File.WriteAllBytes(Path.Combine(dir, $"{split}-labels-idx1-ubyte"), Idx(0x08, [n], labels));
        }

        Assert.IsTrue(FashionMnist.IsInstalled(dir));
        var (images, labelsRead) = FashionMnist.Load(train: true, directory: dir);
        Assert.AreEqual(6, images.Count);
        CollectionAssert.AreEqual(new byte[] { 9, 8, 7, 6, 5, 4 }, labelsRead);

        var (test, testLabels) = FashionMnist.Load(train: false, maxCount: 3, directory: dir);
        Assert.AreEqual(3, test.Count);
        Assert.HasCount(3, testLabels);
    }

    [TestMethod]
    public void FashionMnist_LabelOutOfRange_ThrowsInvalidData()
    {
        string dir = Path.Combine(Dir, "bad");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte.gz"), Idx(0x08, [2, 28, 28], new byte[2 * 784]));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"), Idx(0x08, [2], [3, 10]));

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => FashionMnist.Load(train: false, directory: dir));
        Assert.Contains("10", ex.Message);
    }

    [TestMethod]
    public void FashionMnist_ClassNames()
    {
        CollectionAssert.AreEqual(
            new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" },
            FashionMnist.ClassNames.ToArray());
    }

    /// <summary>
    /// Reads the real test split installed by the Debian package dataset-fashion-mnist, which CI installs:
    /// this test fails, never skips, when it is missing.
    /// </summary>
    [TestMethod]
    public void FashionMnist_RealTestSet()
    {
        Assert.IsTrue(
            FashionMnist.IsInstalled(),
            $"Fashion-MNIST is not in {FashionMnist.DefaultDirectory}: apt-get install dataset-fashion-mnist");

        var (images, labels) = FashionMnist.Load(train: false);

        Assert.AreEqual(10000, images.Count);
        Assert.AreEqual(28, images.Rows);
        Assert.AreEqual(28, images.Columns);
        Assert.HasCount(10000 * 784, images.Pixels);
        Assert.HasCount(10000, labels);
        Assert.AreEqual(9, labels[0]);
        Assert.AreEqual("Ankle boot", FashionMnist.ClassNames[labels[0]]);
        // The test split is balanced: 1000 examples of each class.
        int[] perClass = new int[10];
        foreach (byte label in labels)
        {
            Assert.IsLessThan(10, (int)label);
            perClass[label]++;
        }

        CollectionAssert.AreEqual(Enumerable.Repeat(1000, 10).ToArray(), perClass);
        Assert.IsTrue(images.Pixels.All(p => p is >= 0f and <= 1f));
        // The first image (an ankle boot): its bytes add up to 33456, 517 of its 784 pixels are 0.
        ReadOnlySpan<float> first = images.Image(0);
        double byteSum = 0;
        int zeros = 0;
        foreach (float p in first)
        {
            byteSum += Math.Round(p * 255);
            zeros += p == 0 ? 1 : 0;
        }

        Assert.AreEqual(33456, byteSum);
        Assert.AreEqual(517, zeros);
    }

    [TestMethod]
    public void FashionMnist_RealTrainingSet_FirstExamples()
    {
        Assert.IsTrue(
            FashionMnist.IsInstalled(),
            $"Fashion-MNIST is not in {FashionMnist.DefaultDirectory}: apt-get install dataset-fashion-mnist");

        var (images, labels) = FashionMnist.Load(train: true, maxCount: 10);

        Assert.AreEqual(10, images.Count);
        CollectionAssert.AreEqual(new byte[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, labels);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void LoadIdxImages_RoundTripsImagesAndLabels(bool gzip)
    {
        byte[] pixels = Enumerable.Range(0, 4 * 3 * 2).Select(i => (byte)(i * 10)).ToArray();
        byte[] labels = [2, 0, 2, 1];
        string imagesPath = Write("images", Idx(0x08, [4, 3, 2], pixels), gzip);
        string labelsPath = Write("labels", Idx(0x08, [4], labels), gzip);

        var images = new MLContext(seed: 1).Synaptic().Data.LoadIdxImages(imagesPath, labelsPath);

        Assert.AreEqual(4, images.Count);
        Assert.AreEqual(3, images.Height);
        Assert.AreEqual(2, images.Width);
        CollectionAssert.AreEqual(pixels.Select(b => b / 255f).ToArray(), images.Pixels.ToArray());
        CollectionAssert.AreEqual(new[] { 2, 0, 2, 1 }, images.Labels.ToArray());
        CollectionAssert.AreEqual(new[] { "0", "1", "2" }, images.ClassNames.ToArray());

        var named = IdxReader.ReadLabeledImages(imagesPath, labelsPath, maxCount: 2, classNames: ["cat", "dog", "eel"]);
        Assert.AreEqual(2, named.Count);
        Assert.AreEqual("eel", named.ClassNames[named.Labels[0]]);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void LoadIdxImages_CorruptHeader_ThrowsNamingTheFile(bool gzip)
    {
        byte[] file = Idx(0x08, [2, 2, 2], new byte[8]);
        file[1] = 0x42;
        string imagesPath = Write("images", file, gzip);
        string labelsPath = Write("labels", Idx(0x08, [2], [0, 1]), gzip);

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext(seed: 1).Synaptic().Data.LoadIdxImages(imagesPath, labelsPath));

        Assert.Contains(imagesPath, ex.Message);
        Assert.Contains("not an IDX file", ex.Message);
        Assert.Contains("0x00420803", ex.Message);
    }

    [TestMethod]
    public void LoadIdxImages_CountsDiffer_ThrowsNamingBothFiles()
    {
        string imagesPath = Write("images", Idx(0x08, [3, 1, 1], [1, 2, 3]), gzip: false);
        string labelsPath = Write("labels", Idx(0x08, [2], [0, 1]), gzip: false);

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadLabeledImages(imagesPath, labelsPath));

        Assert.Contains(imagesPath, ex.Message);
        Assert.Contains(labelsPath, ex.Message);
        Assert.Contains("3 images", ex.Message);
        Assert.Contains("2 labels", ex.Message);
    }

    [TestMethod]
    public void LoadIdxImages_LabelWithoutName_ThrowsNamingLabelsFile()
    {
        string imagesPath = Write("images", Idx(0x08, [2, 1, 1], [1, 2]), gzip: false);
        string labelsPath = Write("labels", Idx(0x08, [2], [0, 5]), gzip: false);

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadLabeledImages(imagesPath, labelsPath, classNames: ["a", "b"]));

        Assert.Contains(labelsPath, ex.Message);
        Assert.Contains("label 5", ex.Message);
    }

    [TestMethod]
    public void LoadIdxImages_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        string labelsPath = Write("labels", Idx(0x08, [1], [0]), gzip: false);
        string imagesPath = Path.Combine(Dir, "train-images-idx3-ubyte.gz");

        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext(seed: 1).Synaptic().Data.LoadIdxImages(imagesPath, labelsPath));

        Assert.AreEqual(imagesPath, ex.FileName);
    }

    [TestMethod]
    public void LoadFashionMnist_RealTestSet_HasNamedClasses()
    {
        Assert.IsTrue(
            FashionMnist.IsInstalled(),
            $"Fashion-MNIST is not in {FashionMnist.DefaultDirectory}: apt-get install dataset-fashion-mnist");

        var images = new MLContext(seed: 1).Synaptic().Data.LoadFashionMnist(train: false, maxCount: 100);

        Assert.AreEqual(100, images.Count);
        Assert.AreEqual(28, images.Height);
        Assert.AreEqual(10, images.ClassCount);
        Assert.AreEqual("Ankle boot", images.ClassNames[images.Labels[0]]);
        Assert.IsNull(images.ClassAlphabets);
    }

    [TestMethod]
    public void LoadFashionMnist_MissingDirectory_SaysWhichPackageToInstall()
    {
        string missing = Path.Combine(Dir, "none");

        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext(seed: 1).Synaptic().Data.LoadFashionMnist(train: true, directory: missing));

        Assert.Contains(missing, ex.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", ex.Message);
    }

    /// <summary>An IDX file: magic 0x0000 + data type + number of dimensions, big-endian sizes, then the data.</summary>
    private static byte[] Idx(byte dataType, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = dataType;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        }

        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Optimal))
        {
            gz.Write(data);
        }

        return output.ToArray();
    }

    private string Write(string name, byte[] content, bool gzip)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, gzip ? Gzip(content) : content);
        return path;
    }
}
