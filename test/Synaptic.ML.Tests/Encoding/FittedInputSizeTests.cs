using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Encoding;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Tests.Encoding;

/// <summary>
/// A fitted encoder or decoder remembers the size of the column it was fitted on and refuses data of another size — in
/// Transform, in a PredictionEngine, and after a save and reload — naming the column and both sizes, instead of coding
/// 3 values into 15 spikes where 20 were fitted.
/// </summary>
[TestClass]
public sealed class FittedInputSizeTests : TempDirectoryTest
{
    public static IEnumerable<object[]> Encoders() =>
    [
        ["EncodeRate", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", timeSteps: 5))],
        ["EncodeLatency", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.EncodeLatency("Spikes", "Features", new LatencyParameters { TimeSteps = 5, Linear = true }))],
        ["EncodePopulation", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.EncodePopulation("Spikes", "Features", new PopulationParameters { TimeSteps = 5, NeuronsPerInput = 2 }))],
        ["EncodeDelta", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.EncodeDelta("Spikes", "Features", new DeltaEncodingEstimator.Options { TimeSteps = 1 }))],
        ["DecodeRate", (Func<MLContext, IEstimator<ITransformer>>)(ml => ml.Synaptic().Transforms.DecodeRate("Spikes", "Features", timeSteps: 1))],
    ];

    [TestMethod]
    [DynamicData(nameof(Encoders))]
    public void AnotherSizeThanFittedIsRefusedNamingTheColumnAndBothSizes(string name, Func<MLContext, IEstimator<ITransformer>> create)
    {
        var ml = new MLContext(seed: 1);
        var four = VectorData.Load(ml, [[0.1f, 0.2f, 0.3f, 0.4f]], 4);
        var three = VectorData.Load(ml, [[0.1f, 0.2f, 0.3f]], 3);
        var model = create(ml).Fit(four);
        Assert.AreEqual(4, ((VectorColumnTransformer)model).FittedInputSize, name);
        Assert.AreEqual(1, VectorData.Column(model.Transform(four), "Spikes").Length, $"{name}: the fitted size is scored.");

        AssertRefused(name, () => model.Transform(three));
        AssertRefused(name, () => ml.Model.CreatePredictionEngine<Three, Encoded>(model));

        var path = Path.Combine(Dir, name + ".zip");
        ml.Model.Save(model, four.Schema, path);
        var loading = new MLContext(seed: 2);
        loading.Synaptic();
        var loaded = loading.Model.Load(path, out _);
        AssertRefused(name + " reloaded", () => loaded.Transform(VectorData.Load(loading, [[0.1f, 0.2f, 0.3f]], 3)));
    }

    [TestMethod]
    public void AnUnfittedTransformerHasNoSizeAndFittingBindsIt()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", timeSteps: 5);
        var small = estimator.Fit(VectorData.Load(ml, [[0.1f, 0.2f]], 2));
        var large = estimator.Fit(VectorData.Load(ml, [[0.1f, 0.2f, 0.3f]], 3));
        Assert.AreEqual(2, small.FittedInputSize);
        Assert.AreEqual(3, large.FittedInputSize);
        Assert.AreEqual(small.Seed, large.Seed, "The seed is drawn once per estimator, not per Fit.");
    }

    private static void AssertRefused(string name, Action score)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(score, name);
        StringAssert.Contains(error.Message, "column 'Features' has 3 values per row; the transformer was fitted on 4", name);
    }

    public sealed class Three
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];
    }

    public sealed class Encoded
    {
        public float[] Spikes { get; set; } = [];
    }
}
