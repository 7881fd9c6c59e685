using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;

namespace Synaptic.ML.Tests.Data;

[TestClass]
public sealed class LabeledImagesTests : TempDirectoryTest
{
    private sealed class IntRow
    {
        [VectorType(2, 3)]
        public float[] Pixels { get; set; } = [];

        public int Class { get; set; }
    }

    private sealed class TextRow
    {
        [VectorType(4)]
        public float[] Image { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private sealed class FloatRow
    {
        [VectorType(2, 3)]
        public float[] Pixels { get; set; } = [];

        public float Class { get; set; }
    }

    private sealed class AlphabetRow
    {
        [VectorType(1, 1)]
        public float[] Image { get; set; } = [0];

        public int Label { get; set; }

        public string Alphabet { get; set; } = "";
    }

    private sealed class FlatRow
    {
        [VectorType(6)]
        public float[] Image { get; set; } = [];

        public float Label { get; set; }
    }

    [TestMethod]
    public void ToDataView_HasImageVectorWithDimensions_LabelKeyWithClassNames_AndAlphabet()
    {
        var images = SyntheticImages.Create([2, 1, 3], alphabetSize: 2);
        var view = images.ToDataView(new MLContext(seed: 1));

        var image = view.Schema[LabeledImages.Columns.Image];
        var vector = (VectorDataViewType)image.Type;
        Assert.AreEqual(NumberDataViewType.Single, vector.ItemType);
        CollectionAssert.AreEqual(new[] { 2, 3 }, vector.Dimensions.ToArray());

        var label = view.Schema[LabeledImages.Columns.Label];
        var key = (KeyDataViewType)label.Type;
        Assert.AreEqual(typeof(uint), key.RawType);
        Assert.AreEqual(3UL, key.Count);
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.GetKeyValues(ref names);
        CollectionAssert.AreEqual(new[] { "class 0", "class 1", "class 2" }, names.DenseValues().Select(n => n.ToString()).ToArray());

        Assert.AreEqual(TextDataViewType.Instance, view.Schema[LabeledImages.Columns.Alphabet].Type);
        Assert.AreEqual(6L, view.GetRowCount());

        // Rows: pixels as stored, key = class id + 1, the class's alphabet.
        var rows = new List<(float[] Pixels, uint Key, string Alphabet)>();
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            var getImage = cursor.GetGetter<VBuffer<float>>(image);
            var getLabel = cursor.GetGetter<uint>(label);
            var getAlphabet = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema[LabeledImages.Columns.Alphabet]);
            VBuffer<float> pixels = default;
            uint raw = 0;
            ReadOnlyMemory<char> alphabet = default;
            while (cursor.MoveNext())
            {
                getImage(ref pixels);
                getLabel(ref raw);
                getAlphabet(ref alphabet);
                rows.Add((pixels.DenseValues().ToArray(), raw, alphabet.ToString()));
            }
        }

        Assert.HasCount(6, rows);
        for (int i = 0; i < rows.Count; i++)
        {
            CollectionAssert.AreEqual(images.Image(i).ToArray(), rows[i].Pixels, $"row {i}");
            Assert.AreEqual((uint)images.Labels[i] + 1, rows[i].Key, $"row {i}");
            Assert.AreEqual(images.ClassAlphabets![images.Labels[i]], rows[i].Alphabet, $"row {i}");
        }
    }

    [TestMethod]
    public void ToDataView_WithoutAlphabets_HasNoAlphabetColumn()
    {
        var view = SyntheticImages.Create([1, 1]).ToDataView(new MLContext(seed: 1));

        Assert.IsNull(view.Schema.GetColumnOrNull(LabeledImages.Columns.Alphabet));
        Assert.AreEqual(2, view.Schema.Count);
    }

    [TestMethod]
    public void Cursor_RefusesInactiveColumnsWrongTypesAndReadsOffARow()
    {
        var view = SyntheticImages.Create([1, 1]).ToDataView(new MLContext(seed: 1));
        var image = view.Schema[LabeledImages.Columns.Image];
        var label = view.Schema[LabeledImages.Columns.Label];
        using var cursor = view.GetRowCursor([label]);

        Assert.IsFalse(cursor.IsColumnActive(image));
        var inactive = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<VBuffer<float>>(image));
        Assert.Contains("'Image'", inactive.Message);
        var wrongType = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<int>(label));
        Assert.Contains("'Label'", wrongType.Message);

        var getLabel = cursor.GetGetter<uint>(label);
        uint key = 0;
        Assert.ThrowsExactly<InvalidOperationException>(() => getLabel(ref key));
        Assert.IsTrue(cursor.MoveNext());
        Assert.IsTrue(cursor.MoveNext());
        getLabel(ref key);
        Assert.AreEqual(2u, key);
        Assert.IsFalse(cursor.MoveNext());
        Assert.ThrowsExactly<InvalidOperationException>(() => getLabel(ref key));
    }

    [TestMethod]
    public void FromDataView_RoundTripsImagesLabelsNamesAndAlphabets()
    {
        var ml = new MLContext(seed: 1);
        var images = SyntheticImages.Create([3, 1, 2, 4], alphabetSize: 3);

        // Through ML.NET's binary format too, as a user would save it.
        string file = Path.Combine(Dir, "images.idv");
        using (var stream = File.Create(file))
        {
            ml.Data.SaveAsBinary(images.ToDataView(ml), stream);
        }

        var saved = ml.Data.LoadFromBinary(file);

        foreach (var view in new[] { images.ToDataView(ml), saved })
        {
            var back = LabeledImages.FromDataView(view, alphabetColumn: LabeledImages.Columns.Alphabet);

            Assert.AreEqual(2, back.Height);
            Assert.AreEqual(3, back.Width);
            CollectionAssert.AreEqual(images.Pixels.ToArray(), back.Pixels.ToArray());
            CollectionAssert.AreEqual(images.Labels.ToArray(), back.Labels.ToArray());
            CollectionAssert.AreEqual(images.ClassNames.ToArray(), back.ClassNames.ToArray());
            CollectionAssert.AreEqual(images.ClassAlphabets!.ToArray(), back.ClassAlphabets!.ToArray());
        }
    }

    [TestMethod]
    public void FromDataView_ReadsWholeNumberAndTextLabels()
    {
        var ml = new MLContext(seed: 1);
        var ints = ml.Data.LoadFromEnumerable(new[]
        {
            new IntRow { Pixels = [0, 0, 0, 0, 0, 1], Class = 2 },
            new IntRow { Pixels = [1, 0, 0, 0, 0, 0], Class = 0 },
        });

        var fromInts = LabeledImages.FromDataView(ints, "Pixels", "Class");

        CollectionAssert.AreEqual(new[] { 2, 0 }, fromInts.Labels.ToArray());
        CollectionAssert.AreEqual(new[] { "0", "1", "2" }, fromInts.ClassNames.ToArray());
        Assert.AreEqual(2, fromInts.Height);
        Assert.AreEqual(1f, fromInts.Image(0)[5]);
        Assert.IsNull(fromInts.ClassAlphabets);

        // Text labels: classes are the distinct texts in ordinal order. A 4-value vector is a 2x2 image.
        var texts = ml.Data.LoadFromEnumerable(new[]
        {
            new TextRow { Image = new float[4], Label = "zeta" },
            new TextRow { Image = [0, 0, 0.5f, 0], Label = "alpha" },
            new TextRow { Image = new float[4], Label = "zeta" },
        });

        var fromTexts = LabeledImages.FromDataView(texts);

        CollectionAssert.AreEqual(new[] { 1, 0, 1 }, fromTexts.Labels.ToArray());
        CollectionAssert.AreEqual(new[] { "alpha", "zeta" }, fromTexts.ClassNames.ToArray());
        Assert.AreEqual(2, fromTexts.Height);
        Assert.AreEqual(2, fromTexts.Width);
        Assert.AreEqual(0.5f, fromTexts.Image(1)[2]);
    }

    [TestMethod]
    public void FromDataView_BadColumns_ThrowNamingThem()
    {
        var ml = new MLContext(seed: 1);
        var view = SyntheticImages.Create([1, 1]).ToDataView(ml);

        var missing = Assert.ThrowsExactly<ArgumentException>(() => LabeledImages.FromDataView(view, "Pixels"));
        Assert.Contains("'Pixels'", missing.Message);
        Assert.Contains("'Image'", missing.Message);

        var noAlphabet = Assert.ThrowsExactly<ArgumentException>(() => LabeledImages.FromDataView(view, alphabetColumn: "Alphabet"));
        Assert.Contains("'Alphabet'", noAlphabet.Message);

        var labelAsImage = Assert.ThrowsExactly<ArgumentException>(() => LabeledImages.FromDataView(view, "Label", "Label"));
        Assert.Contains("'Label'", labelAsImage.Message);
        Assert.Contains("vector of Single", labelAsImage.Message);

        // A 6-value vector without dimensions is not square: the error says to give it [height, width].
        var notSquare = ml.Data.LoadFromEnumerable(new[] { new FlatRow { Image = new float[6], Label = 1 } });
        var ex = Assert.ThrowsExactly<ArgumentException>(() => LabeledImages.FromDataView(notSquare));
        Assert.Contains("square", ex.Message);
    }

    [TestMethod]
    public void FromDataView_PixelOutsideUnitRange_ThrowsNamingRowAndColumn()
    {
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadFromEnumerable(new[]
        {
            new IntRow { Pixels = new float[6], Class = 0 },
            new IntRow { Pixels = [0, 0, 255, 0, 0, 0], Class = 1 },
        });

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromDataView(view, "Pixels", "Class"));
        Assert.Contains("Row 1", ex.Message);
        Assert.Contains("'Pixels'", ex.Message);
        Assert.Contains("255", ex.Message);
    }

    [TestMethod]
    public void FromDataView_NegativeOrFractionalLabel_ThrowsNamingRow()
    {
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadFromEnumerable(new[]
        {
            new IntRow { Pixels = new float[6], Class = 0 },
            new IntRow { Pixels = new float[6], Class = -3 },
        });

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromDataView(view, "Pixels", "Class"));
        Assert.Contains("Row 1", ex.Message);
        Assert.Contains("-3", ex.Message);

        var fractional = ml.Data.LoadFromEnumerable(new[] { new FloatRow { Pixels = new float[6], Class = 1.5f } });
        var half = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromDataView(fractional, "Pixels", "Class"));
        Assert.Contains("Row 0", half.Message);
        Assert.Contains("1.5", half.Message);

        // Whole numbers stored as floats are class ids.
        var whole = ml.Data.LoadFromEnumerable(new[] { new FloatRow { Pixels = new float[6], Class = 1f } });
        CollectionAssert.AreEqual(new[] { 1 }, LabeledImages.FromDataView(whole, "Pixels", "Class").Labels.ToArray());
    }

    [TestMethod]
    public void FromDataView_ClassInTwoAlphabets_ThrowsNamingRowAndBothAlphabets()
    {
        var view = new MLContext(seed: 1).Data.LoadFromEnumerable(new[]
        {
            new AlphabetRow { Label = 0, Alphabet = "Greek" },
            new AlphabetRow { Label = 1, Alphabet = "Latin" },
            new AlphabetRow { Label = 0, Alphabet = "Coptic" },
        });

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromDataView(view, alphabetColumn: "Alphabet"));
        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("'Coptic'", ex.Message);
        Assert.Contains("'Greek'", ex.Message);
    }

    [TestMethod]
    public void Constructor_RejectsBadSizesLabelsAndPixels()
    {
        string[] names = ["a", "b"];
        var sizes = Assert.ThrowsExactly<ArgumentException>(() => new LabeledImages(2, 2, new float[7], [0, 1], names));
        Assert.Contains("7", sizes.Message);

        var label = Assert.ThrowsExactly<ArgumentException>(() => new LabeledImages(1, 1, new float[2], [0, 2], names));
        Assert.Contains("Label 2 of image 1", label.Message);

        var pixel = Assert.ThrowsExactly<ArgumentException>(() => new LabeledImages(1, 2, [0, 0, float.NaN, 0], [0, 1], names));
        Assert.Contains("image 1", pixel.Message);
        Assert.Contains("NaN", pixel.Message);

        var alphabets = Assert.ThrowsExactly<ArgumentException>(() => new LabeledImages(1, 1, new float[2], [0, 1], names, ["x"]));
        Assert.Contains("1 class alphabets for 2 classes", alphabets.Message);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LabeledImages(0, 1, [], [], names));
    }

    [TestMethod]
    public void ExamplesOfAndOfClasses_KeepIdsNamesAndOrder()
    {
        var images = SyntheticImages.Create([2, 3, 1], alphabetSize: 1);

        CollectionAssert.AreEqual(new[] { 2, 3, 4 }, images.ExamplesOf(1).ToArray());
        Assert.IsEmpty(SyntheticImages.Create([1, 0]).ExamplesOf(1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => images.ExamplesOf(3));

        var some = images.OfClasses([2, 0]);
        CollectionAssert.AreEqual(new[] { 0, 0, 2 }, some.Labels.ToArray());
        CollectionAssert.AreEqual(images.ClassNames.ToArray(), some.ClassNames.ToArray());
        Assert.AreEqual(5, SyntheticImages.IndexOf(some.Image(2)));
        CollectionAssert.AreEqual(new[] { "A0", "A1", "A2" }, some.Alphabets.ToArray());
    }

    [TestMethod]
    public void LabelKey_IsWhatMulticlassTrainersAndEvaluateUse()
    {
        var ml = new MLContext(seed: 1);
        var digits = ml.Synaptic().Data.LoadDigits();
        var data = digits.ToDataView(ml);

        var model = ml.Transforms.CopyColumns("Features", LabeledImages.Columns.Image)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
            .Fit(data);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(data));

        // Training accuracy of a linear model on the 8x8 digits is far above chance (0.1).
        Assert.IsGreaterThan(0.9, metrics.MicroAccuracy);
        Assert.AreEqual(10, metrics.ConfusionMatrix.NumberOfClasses);
    }
}
