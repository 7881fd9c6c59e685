using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Encoding;

namespace Synaptic.ML.Tests.Persistence;

/// <summary>
/// Every Synaptic encoder survives mlContext.Model.Save/Load alone and chained with ML.NET's own
/// transforms, gives identical outputs after the reload, serves PredictionEngine, and a damaged
/// or truncated zip fails with a message that says what is wrong.
/// </summary>
[TestClass]
public sealed class EncoderPersistenceTests
{
    public sealed class Input
    {
        [VectorType(2, 3)]
        public float[] Features { get; set; } = [];
    }

    public sealed class Output
    {
        [VectorType(2, 3)]
        public float[] Features { get; set; } = [];

        public float[] Encoded { get; set; } = [];
    }

    private static readonly float[][] Rows =
    [
        [0.1f, 0.9f, 0.4f, 0.3f, 0.2f, 0.8f],
        [0.7f, 0.0f, 1.0f, 0.5f, 0.6f, 0.05f],
        [0.33f, 0.66f, 0.99f, 0.11f, 0.22f, 0.44f],
    ];

    public static IEnumerable<object[]> Encoders() =>
    [
        ["EncodeRate", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.EncodeRate("Encoded", "Features", timeSteps: 8, gain: 0.9f))],
        ["EncodeLatency", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.EncodeLatency("Encoded", "Features", new LatencyParameters { TimeSteps = 9, Tau = 3, Normalize = true, Clip = true }))],
        ["EncodeDelta", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.EncodeDelta("Encoded", "Features", threshold: 0.2f, padding: true, offSpike: true))],
        ["EncodePopulation", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.EncodePopulation("Encoded", "Features", new PopulationParameters { TimeSteps = 6, NeuronsPerInput = 3, Min = 0, Max = 1 }))],
        ["DecodeRate", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.DecodeRate("Encoded", "Features", SpikeCountOutput.Count))],
    ];

    private static IDataView Data(MLContext ml) => VectorData.Load(ml, Rows, 2, 3);

    private static string Save(MLContext ml, ITransformer model, IDataView data, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"synaptic-{name}-{Guid.NewGuid():N}.zip");
        ml.Model.Save(model, data.Schema, path);
        return path;
    }

    [TestMethod]
    [DynamicData(nameof(Encoders))]
    public void AloneRoundTripsWithIdenticalOutputs(string name, Func<MLContext, IEstimator<ITransformer>> create)
    {
        var ml = new MLContext(seed: 3);
        var data = Data(ml);
        var model = create(ml).Fit(data);
        var before = VectorData.Column(model.Transform(data), "Encoded");
        var path = Save(ml, model, data, name);

        var loading = new MLContext(seed: 99);
        var loaded = loading.Synaptic().LoadModel(path, out var schema);
        Assert.AreEqual(model.GetType(), loaded.GetType(), "A lone transformer loads as itself.");
        Assert.IsNotNull(schema.GetColumnOrNull("Features"));
        AssertSame(before, VectorData.Column(loaded.Transform(Data(loading)), "Encoded"), name);
        File.Delete(path);
    }

    [TestMethod]
    [DynamicData(nameof(Encoders))]
    public void ChainedWithMlNetTransformsRoundTripsAndServesPredictionEngine(string name, Func<MLContext, IEstimator<ITransformer>> create)
    {
        var ml = new MLContext(seed: 3);
        var data = Data(ml);
        // ML.NET's own transforms on both sides of the Synaptic one.
        var pipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(create(ml))
            .Append(ml.Transforms.CopyColumns("EncodedCopy", "Encoded"));
        var model = pipeline.Fit(data);
        var before = VectorData.Column(model.Transform(data), "EncodedCopy");
        var path = Save(ml, model, data, name + "-chain");

        var loading = new MLContext(seed: 7);
        loading.Synaptic();
        var loaded = loading.Model.Load(path, out _);
        AssertSame(before, VectorData.Column(loaded.Transform(Data(loading)), "EncodedCopy"), name);

        // PredictionEngine scores one row at a time through the row-to-row mappers.
        var engine = loading.Model.CreatePredictionEngine<Input, Output>(loaded);
        var predicted = engine.Predict(new Input { Features = Rows[0] });
        Assert.AreEqual(before[0].Length, predicted.Encoded.Length);
        if (name != "EncodeRate" && name != "EncodePopulation")
            CollectionAssert.AreEqual(before[0], predicted.Encoded, $"{name}: a deterministic encoder predicts what it transforms.");
        File.Delete(path);
    }

    [TestMethod]
    public void RateSpikesDependOnTheSeedSavedInTheModelNotOnTheLoadingContext()
    {
        var ml = new MLContext(seed: 3);
        var data = Data(ml);
        var model = ml.Synaptic().Transforms.EncodeRate("Encoded", "Features", timeSteps: 50).Fit(data);
        var path = Save(ml, model, data, "rate-seed");
        var a = VectorData.Column(new MLContext(1).Synaptic().LoadModel(path, out _).Transform(data), "Encoded");
        var b = VectorData.Column(new MLContext(2).Synaptic().LoadModel(path, out _).Transform(data), "Encoded");
        AssertSame(a, b, "rate");
        File.Delete(path);
    }

    [TestMethod]
    public void AlteredPayloadIsReportedAsCorruptedWithItsModelSignature()
    {
        var ml = new MLContext(seed: 3);
        var data = Data(ml);
        var model = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.Synaptic().Transforms.EncodeLatency("Encoded", "Features", new LatencyParameters { TimeSteps = 9, Tau = 3, Normalize = true }))
            .Fit(data);
        var path = Save(ml, model, data, "corrupt");
        FlipByteOfEntryHolding(path, "SNLATENC");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext(1).Synaptic().LoadModel(path, out _));
        StringAssert.Contains(error.Message, "SNLATENC");
        StringAssert.Contains(error.Message, "checksum");

        // Through ML.NET's own Load the same verdict is the innermost cause.
        var loading = new MLContext(1);
        loading.Synaptic();
        var raw = Assert.Throws<Exception>(() => loading.Model.Load(path, out _));
        StringAssert.Contains(Innermost(raw).Message, "checksum");
        File.Delete(path);
    }

    [TestMethod]
    public void TruncatedZipIsReportedAsNotAReadableZip()
    {
        var ml = new MLContext(seed: 3);
        var data = Data(ml);
        var path = Save(ml, ml.Synaptic().Transforms.EncodeRate("Encoded", "Features").Fit(data), data, "truncated");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext(1).Synaptic().LoadModel(path, out _));
        StringAssert.Contains(error.Message, "not a readable zip archive");
        StringAssert.Contains(error.Message, path);
        File.Delete(path);

        var missing = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext(1).Synaptic().LoadModel(path, out _));
        StringAssert.Contains(missing.Message, path);
    }

    [TestMethod]
    public void SynapticRegistersLoadersOnceAndReturnsTheSameCatalog()
    {
        var ml = new MLContext(seed: 0);
        Assert.AreSame(ml.Synaptic(), ml.Synaptic());
        Assert.AreSame(ml, ml.Synaptic().Transforms.Context);
        Assert.AreNotSame(ml.Synaptic(), new MLContext(seed: 0).Synaptic());
    }

    private static void FlipByteOfEntryHolding(string path, string signature)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        foreach (var entry in zip.Entries.ToArray())
        {
            byte[] bytes;
            using (var stream = entry.Open())
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            if (!System.Text.Encoding.ASCII.GetString(bytes).Contains(signature, StringComparison.Ordinal))
                continue;
            bytes[^40] ^= 0x5A;   // inside the payload, before its 32-byte checksum
            var name = entry.FullName;
            entry.Delete();
            using var replaced = zip.CreateEntry(name).Open();
            replaced.Write(bytes);
            return;
        }
        Assert.Fail($"No zip entry holds model signature {signature}.");
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static void AssertSame(float[][] expected, float[][] actual, string name)
    {
        Assert.AreEqual(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"{name}: row {i} differs after the reload.");
    }
}
