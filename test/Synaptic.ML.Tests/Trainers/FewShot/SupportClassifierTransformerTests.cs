using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Tests.Trainers.FewShot;

/// <summary>
/// The few-shot classifiers (prototypical, MAML-adapted) read blocks of rows through a cursor and embed each block in
/// one forward; these tests hold them to what one row at a time gives (<c>PredictionEngine</c>) and to naming a bad
/// pixel by row and element when, and only when, its row is read.
/// </summary>
[TestClass]
public sealed class SupportClassifierTransformerTests
{
    private const int Rows = 300;   // one block of 256 and a partial one of 44

    private sealed class DigitRow
    {
        public int Index { get; set; }

        [VectorType(8, 8)]
        public float[] Image { get; set; } = [];
    }

    private sealed class Prediction
    {
        public float[] Embedding { get; set; } = [];

        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    [TestMethod]
    public void EachRowOfABlockGetsTheScoresItGetsAlone()
    {
        var ml = new MLContext(seed: 0);
        var rows = DigitRows();
        var data = ml.Data.LoadFromEnumerable(rows);
        foreach (var classifier in Classifiers(ml))
        {
            // Spiking backbones: bit for bit (whole spike counts, each image's own keyed draws). The ANN backbone:
            // libtorch picks its convolution kernels by batch size, so a block's embeddings may differ from one
            // image's in the last bits (seen here: 6e-8 of 0.37).
            var exact = classifier is PrototypeClassifierTransformer;
            var transformed = classifier.Transform(data);
            using (var cursor = transformed.GetRowCursor(transformed.Schema))
                Assert.IsInstanceOfType<RowBlockCursor>(cursor, $"{classifier.GetType().Name}: a cursor over the scores reads blocks.");
            var embeddings = transformed.GetColumn<float[]>("Embedding").ToArray();
            var scores = transformed.GetColumn<float[]>("Score").ToArray();
            var labels = transformed.GetColumn<uint>("PredictedLabel").ToArray();
            CollectionAssert.AreEqual(Enumerable.Range(0, Rows).ToArray(), transformed.GetColumn<int>("Index").ToArray(), "Rows come in the source's order.");
            Assert.IsGreaterThan(1, labels.Distinct().Count(), "The rows are not all given one class.");

            using var engine = ml.Model.CreatePredictionEngine<DigitRow, Prediction>(classifier);
            foreach (var row in new[] { 0, 1, 100, 254, 255, 256, 257, 298, 299 })
            {
                var alone = engine.Predict(rows[row]);
                var name = $"{classifier.GetType().Name}, row {row}";
                AssertSame(alone.Embedding, embeddings[row], exact, $"{name}: Embedding");
                AssertSame(alone.Score, scores[row], exact, $"{name}: Score");
                Assert.AreEqual(alone.PredictedLabel, labels[row], $"{name}: PredictedLabel");
            }
        }
    }

    [TestMethod]
    public void ABadPixelIsNamedByRowAndElementWhenItsRowIsRead()
    {
        var ml = new MLContext(seed: 0);
        var rows = DigitRows();
        rows[270].Image[9] = float.NaN;
        rows[12].Image[40] = -0.5f;
        var classifier = Classifiers(ml)[0];
        var transformed = classifier.Transform(ml.Data.LoadFromEnumerable(rows));
        using var cursor = transformed.GetRowCursor(transformed.Schema);
        var label = cursor.GetGetter<uint>(transformed.Schema["PredictedLabel"]);
        var score = cursor.GetGetter<VBuffer<float>>(transformed.Schema["Score"]);
        uint value = 0;
        VBuffer<float> scores = default;
        for (var row = 0; row < Rows; row++)
        {
            Assert.IsTrue(cursor.MoveNext());
            if (row is 12 or 270)
            {
                var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => label(ref value));
                StringAssert.Contains(error.Message, row == 12 ? "Column 'Image', row 12, element 40: value -0.5" : "Column 'Image', row 270, element 9: value NaN");
                StringAssert.Contains(error.Message, "pixels in [0, 1]");
                Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => score(ref scores));
                continue;
            }
            label(ref value);   // the rows around a bad one are served
            score(ref scores);
            Assert.AreEqual(5, scores.Length);
        }
    }

    private static void AssertSame(float[] alone, float[] inBlock, bool exact, string what)
    {
        if (exact)
        {
            CollectionAssert.AreEqual(alone, inBlock, what);
            return;
        }
        Assert.HasCount(alone.Length, inBlock, what);
        for (var i = 0; i < alone.Length; i++)
            Assert.AreEqual(alone[i], inBlock[i], 1e-6f * Math.Max(1f, Math.Abs(alone[i])), $"{what}, element {i}");
    }

    /// <summary>A prototypical classifier and a MAML-adapted one for the held-out digits 1, 3, 5, 7, 9 (2 shots each).</summary>
    private static SupportClassifierTransformer[] Classifiers(MLContext ml)
    {
        var support = ml.Synaptic().Data.FewShotEpisodes(DigitsFewShot.Digits, new ClassSplit(DigitsFewShot.TrainClasses, [], DigitsFewShot.HeldOutClasses), SplitPart.Test, seed: 5)
            .Episode(0, ways: 5, shots: 2, queries: 1).Support;
        var featurizer = ml.Synaptic().Transforms.SpikingFeaturizer(options: new SpikingConvBackboneOptions { Padding = 2, TimeSteps = 4, Threshold = 0.5 }, seed: 5)
            .Fit(ml.Data.LoadFromEnumerable(DigitRows()));
        var maml = ml.Synaptic().Trainers.Maml(new MamlTrainer.Options
        {
            Backbone = new ConvBackboneOptions { Channels = [8, 8], KernelSize = 3, Padding = 1 },
            Episodes = 2,
            Shots = 2,
            Queries = 3,
            MetaBatchSize = 2,
            InnerSteps = 1,
            Seed = 3,
            TorchThreads = 1,
        }).Fit(DigitsFewShot.View(ml, DigitsFewShot.TrainClasses));
        return [featurizer.CreatePrototypeClassifier(support), maml.Adapt(support)];
    }

    private static DigitRow[] DigitRows() =>
        [.. Enumerable.Range(0, Rows).Select(i => new DigitRow { Index = i, Image = DigitsFewShot.Digits.Image(i).ToArray() })];
}
