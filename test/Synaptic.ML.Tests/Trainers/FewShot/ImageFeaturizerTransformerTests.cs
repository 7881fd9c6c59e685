using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Trainers;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Tests.Trainers.FewShot;

/// <summary>
/// The featurizer's cursor reads blocks of rows and embeds each block in one forward; these tests hold it to what one
/// row at a time gives and to ML.NET's cursor contract.
/// </summary>
[TestClass]
public sealed class ImageFeaturizerTransformerTests : TempDirectoryTest
{
    private const int Rows = 300;   // one block of 256 and a partial one of 44

    private sealed class DigitRow
    {
        public int Index { get; set; }

        public float Order { get; set; }

        [VectorType(8, 8)]
        public float[] Image { get; set; } = [];
    }

    private sealed class DigitEmbedding
    {
        public float[] Embedding { get; set; } = [];
    }

    private static readonly SpikingConvBackboneOptions Backbone = new() { Padding = 2, TimeSteps = 4 };

    /// <summary>
    /// Bit for bit, not to a tolerance: the rate code's draws are keyed by each image's pixels, every layer
    /// (convolution, max-pool, Leaky) computes each image apart, and libtorch's CPU kernels sum each image's products in
    /// the same order whatever the batch — seen here (2 threads) for batches of 1, 7 and 256, and for the mean-membrane
    /// embedding and the ANN twin too, whose outputs are not whole counts.
    /// </summary>
    [TestMethod]
    public void EachRowOfABlockGetsTheEmbeddingItGetsAlone()
    {
        var ml = new MLContext(seed: 0);
        var rows = DigitRows(Rows);
        var data = ml.Data.LoadFromEnumerable(rows);
        var blocks = Featurizer(ml, data, batchSize: 256);
        var sevens = Embeddings(Featurizer(ml, data, batchSize: 7), data);

        var embeddings = Embeddings(blocks, data);
        Assert.HasCount(Rows, embeddings);
        CollectionAssert.AreEqual(Enumerable.Range(0, Rows).ToArray(), embeddings.Select(e => e.Index).ToArray(), "Rows come in the source's order.");
        AssertSameEmbeddings(sevens, embeddings, "blocks of 256 (one full, one of 44) and of 7");

        // One forward per row (batch size 1, PredictionEngine, Embed) on rows at the blocks' edges and between.
        var alone = Featurizer(ml, data, batchSize: 1);
        int[] sample = [0, 1, 6, 7, 100, 254, 255, 256, 257, 298, 299];
        var oneByOne = Embeddings(alone, ml.Data.LoadFromEnumerable(sample.Select(i => rows[i])));
        using var engine = ml.Model.CreatePredictionEngine<DigitRow, DigitEmbedding>(blocks);
        for (var k = 0; k < sample.Length; k++)
        {
            var row = sample[k];
            CollectionAssert.AreEqual(embeddings[row].Embedding, oneByOne[k].Embedding, $"batch size 1, row {row}");
            CollectionAssert.AreEqual(embeddings[row].Embedding, engine.Predict(rows[row]).Embedding, $"PredictionEngine, row {row}");
            CollectionAssert.AreEqual(embeddings[row].Embedding, blocks.Embed(rows[row].Image), $"Embed, row {row}");
        }
    }

    [TestMethod]
    public void ACursorKeepsPositionsBatchesIdsAndInputColumnsWithTheirRows()
    {
        var ml = new MLContext(seed: 0);
        var data = Digits(ml, Rows);
        var featurizer = Featurizer(ml, data, batchSize: 64);
        var transformed = featurizer.Transform(data);
        var index = transformed.Schema["Index"];
        var embedding = transformed.Schema["Embedding"];
        using var source = data.GetRowCursor(data.Schema);
        using var cursor = transformed.GetRowCursor([index, embedding]);
        Assert.IsInstanceOfType<RowBlockCursor>(cursor);
        Assert.AreEqual(-1, cursor.Position);
        Assert.IsTrue(cursor.IsColumnActive(index));
        Assert.IsFalse(cursor.IsColumnActive(transformed.Schema["Image"]), "Only the requested input columns are kept.");
        var sourceId = source.GetIdGetter();
        var id = cursor.GetIdGetter();
        var indexGetter = cursor.GetGetter<int>(index);
        var rows = 0;
        while (cursor.MoveNext())
        {
            Assert.IsTrue(source.MoveNext());
            Assert.AreEqual(rows, cursor.Position);
            Assert.AreEqual(source.Batch, cursor.Batch);
            DataViewRowId expectedId = default, actualId = default;
            sourceId(ref expectedId);
            id(ref actualId);
            Assert.AreEqual(expectedId, actualId, $"row {rows}");
            var value = 0;
            indexGetter(ref value);
            Assert.AreEqual(rows, value);
            rows++;
        }
        Assert.AreEqual(Rows, rows);
        Assert.IsFalse(cursor.MoveNext(), "A finished cursor stays finished.");
    }

    [TestMethod]
    public void ShuffledFilteredAndParallelCursorsServeEachImageItsOwnEmbedding()
    {
        var ml = new MLContext(seed: 0);
        var data = Digits(ml, Rows);
        var featurizer = Featurizer(ml, data, batchSize: 32);
        var expected = Embeddings(featurizer, data);

        var shuffled = Embeddings(featurizer, ml.Data.ShuffleRows(data, seed: 3));
        CollectionAssert.AreNotEqual(expected.Select(e => e.Index).ToArray(), shuffled.Select(e => e.Index).ToArray(), "the rows were shuffled");
        AssertSameEmbeddings(expected, [.. shuffled.OrderBy(e => e.Index)], "shuffled");

        var filtered = Embeddings(featurizer, ml.Data.FilterRowsByColumn(data, "Order", lowerBound: 100, upperBound: 170));
        AssertSameEmbeddings(expected[100..170], filtered, "filtered");

        var cached = featurizer.Transform(ml.Data.Cache(data));
        var columns = new[] { cached.Schema["Index"], cached.Schema["Embedding"] };
        var cursors = cached.GetRowCursorSet(columns, 2, new Random(1));
        Assert.HasCount(2, cursors, "The cache splits its rows between two cursors.");
        var parallel = new List<(int Index, float[] Embedding)>();
        foreach (var cursor in cursors)
        {
            using (cursor)
                parallel.AddRange(Read(cursor));
        }
        AssertSameEmbeddings(expected, [.. parallel.OrderBy(e => e.Index)], $"{cursors.Length} cursors of a set");
    }

    [TestMethod]
    public void ABadPixelIsNamedByRowAndElementWhenItsRowIsRead()
    {
        var ml = new MLContext(seed: 0);
        var rows = DigitRows(Rows);
        rows[290].Image[17] = float.NaN;
        rows[10].Image[3] = 1.5f;
        var data = ml.Data.LoadFromEnumerable(rows);
        var featurizer = Featurizer(ml, data, batchSize: 256);
        var transformed = featurizer.Transform(data);

        using var cursor = transformed.GetRowCursor(transformed.Schema);
        var embedding = cursor.GetGetter<VBuffer<float>>(transformed.Schema["Embedding"]);
        VBuffer<float> value = default;
        for (var row = 0; row < 10; row++)
        {
            Assert.IsTrue(cursor.MoveNext());
            embedding(ref value);
        }
        Assert.IsTrue(cursor.MoveNext());
        var range = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => embedding(ref value));
        StringAssert.Contains(range.Message, "Column 'Image', row 10, element 3: value 1.5");
        StringAssert.Contains(range.Message, "pixels in [0, 1]");
        for (var row = 11; row < 290; row++)
        {
            Assert.IsTrue(cursor.MoveNext());
            embedding(ref value);   // the rows around a bad one are served
        }
        Assert.IsTrue(cursor.MoveNext());
        var nan = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => embedding(ref value));
        StringAssert.Contains(nan.Message, "Column 'Image', row 290, element 17: value NaN");

        using var engine = ml.Model.CreatePredictionEngine<DigitRow, DigitEmbedding>(featurizer);
        var one = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => engine.Predict(rows[290]));
        StringAssert.Contains(one.Message, "element 17: value NaN");
        var direct = Assert.ThrowsExactly<ArgumentException>(() => featurizer.Embed(rows[290].Image));
        StringAssert.Contains(direct.Message, "Pixel 17");
    }

    [TestMethod]
    public void ACursorWithoutTheEmbeddingRunsNoForward()
    {
        var ml = new MLContext(seed: 0);
        var rows = DigitRows(Rows);
        foreach (var row in rows)
            row.Image[0] = float.NaN;   // any forward, or any check before one, would throw
        var data = ml.Data.LoadFromEnumerable(rows);
        var transformed = Featurizer(ml, data, batchSize: 256).Transform(data);

        using (var cursor = transformed.GetRowCursor([transformed.Schema["Index"]]))
        {
            Assert.IsInstanceOfType<AppendedColumnCursor>(cursor, "Without the embedding the source is read row by row.");
            Assert.IsFalse(cursor.IsColumnActive(transformed.Schema["Embedding"]));
            var count = 0;
            while (cursor.MoveNext())
                count++;
            Assert.AreEqual(Rows, count);
        }
        Assert.AreEqual(Rows, transformed.GetColumn<int>("Index").Count());

        // Active but never read: the block is read ahead, but not embedded.
        using var lazy = transformed.GetRowCursor(transformed.Schema);
        var index = lazy.GetGetter<int>(transformed.Schema["Index"]);
        var last = -1;
        while (lazy.MoveNext())
            index(ref last);
        Assert.AreEqual(Rows - 1, last);
    }

    [TestMethod]
    [TestCategory("Learning")]
    public void SpikingFeaturesFeedAnMlNetTrainerThatEvaluatesSavesAndReloads()
    {
        var ml = new MLContext(seed: 0);
        var split = ml.Data.TrainTestSplit(DigitsFewShot.Digits.ToDataView(ml), testFraction: 0.3, seed: 1);
        // Random weights: at threshold 0.5 more neurons spike than at 1, and the counts carry more of each image (58% at 1).
        var backbone = new SpikingConvBackboneOptions { Padding = 2, Threshold = 0.5 };
        var pipeline = ml.Synaptic().Transforms.SpikingFeaturizer("Features", options: backbone, seed: 1)
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .AppendCacheCheckpoint(ml)   // SDCA reads its data many times: embed each image once
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 50));   // its default runs ~10× longer for 2 points more
        var model = pipeline.Fit(split.TrainSet);

        var scored = model.Transform(split.TestSet);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.IsGreaterThan(0.8, metrics.MicroAccuracy, $"10 classes, chance 10%: micro-accuracy {metrics.MicroAccuracy:P1} (87.7% when written)");

        var path = Path.Combine(Dir, "digits-sdca.zip");
        ml.Model.Save(model, split.TrainSet.Schema, path);
        var reloaded = new MLContext(seed: 1).Synaptic().LoadModel(path, out _);
        var before = scored.GetColumn<uint>("PredictedLabel").ToArray();
        var after = reloaded.Transform(split.TestSet).GetColumn<uint>("PredictedLabel").ToArray();
        CollectionAssert.AreEqual(before, after, "The reloaded pipeline predicts the same labels.");
        CollectionAssert.AreEqual(
            scored.GetColumn<float[]>("Score").Take(20).SelectMany(s => s).ToArray(),
            reloaded.Transform(split.TestSet).GetColumn<float[]>("Score").Take(20).SelectMany(s => s).ToArray());
    }

    [TestMethod]
    public void AnImageOfAnotherSizeOrABadBatchSizeIsRefusedWithItsName()
    {
        var ml = new MLContext(seed: 0);
        var featurizer = Featurizer(ml, Digits(ml, 4), batchSize: 256);
        var nine = ml.Data.LoadFromEnumerable(new[] { new NineByNine { Image = new float[81] } });
        var size = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => featurizer.Transform(nine));
        StringAssert.Contains(size.Message, "column 'Image' has 81 values per row");
        StringAssert.Contains(size.Message, "8×8 = 64 pixels");

        var batch = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Transforms.SpikingFeaturizer(batchSize: 0));
        StringAssert.Contains(batch.Message, "batch size is 0");
    }

    private sealed class NineByNine
    {
        [VectorType(9, 9)]
        public float[] Image { get; set; } = [];
    }

    private static ImageFeaturizerTransformer Featurizer(MLContext ml, IDataView data, int batchSize) =>
        ml.Synaptic().Transforms.SpikingFeaturizer(options: Backbone, seed: 5, batchSize: batchSize).Fit(data);

    private static DigitRow[] DigitRows(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new DigitRow { Index = i, Order = i, Image = DigitsFewShot.Digits.Image(i).ToArray() })];

    private static IDataView Digits(MLContext ml, int count) => ml.Data.LoadFromEnumerable(DigitRows(count));

    private static (int Index, float[] Embedding)[] Embeddings(ITransformer featurizer, IDataView data)
    {
        var transformed = featurizer.Transform(data);
        using var cursor = transformed.GetRowCursor([transformed.Schema["Index"], transformed.Schema["Embedding"]]);
        return [.. Read(cursor)];
    }

    private static IEnumerable<(int Index, float[] Embedding)> Read(DataViewRowCursor cursor)
    {
        var index = cursor.GetGetter<int>(cursor.Schema["Index"]);
        var embedding = cursor.GetGetter<VBuffer<float>>(cursor.Schema["Embedding"]);
        var i = 0;
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            index(ref i);
            embedding(ref value);
            yield return (i, value.DenseValues().ToArray());
        }
    }

    /// <summary>Bit for bit (see <see cref="EachRowOfABlockGetsTheEmbeddingItGetsAlone"/>), row by row.</summary>
    private static void AssertSameEmbeddings((int Index, float[] Embedding)[] expected, (int Index, float[] Embedding)[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (var r = 0; r < expected.Length; r++)
        {
            Assert.AreEqual(expected[r].Index, actual[r].Index, $"{what}: row {r}");
            CollectionAssert.AreEqual(expected[r].Embedding, actual[r].Embedding, $"{what}: row {expected[r].Index}");
        }
    }
}
