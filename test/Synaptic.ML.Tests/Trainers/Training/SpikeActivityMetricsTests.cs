using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Tests.Trainers.Supervised;
using Synaptic.ML.Trainers;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers.Training;

/// <summary>
/// Trainers of spiking networks record each spiking layer's firing rate and silent fraction per iteration
/// (<see cref="MetricKeys.SpikeRate"/>, <see cref="MetricKeys.SpikeSilentFraction"/>), from their training forward passes;
/// trainers of other networks record none.
/// </summary>
[TestClass]
public sealed class SpikeActivityMetricsTests
{
    private static IDataView CartPoleData(MLContext ml) => TrainedPolicies.Episodes(ml, "CartPole-v1");

    private static SpikingPolicyOptions TwoHiddenLayers() => new() { HiddenSizes = [8, 6], TimeSteps = 4 };

    [TestMethod]
    [DataRow("ppo")]
    [DataRow("a2c")]
    [DataRow("reinforce")]
    public void AnOnPolicySpikingPolicyRecordsEachLayersFiringAtEveryUpdate(string algorithm)
    {
        var ml = new MLContext(seed: 0);
        var trainers = ml.Synaptic().Trainers;
        var data = CartPoleData(ml);
        var policy = algorithm switch
        {
            "ppo" => trainers.Ppo(new PpoTrainer.Options
            {
                EnvironmentId = "CartPole-v1",
                Seed = 2,
                NumberOfEnvironments = 2,
                StepsPerUpdate = 64,
                MinibatchSize = 32,
                Epochs = 2,
                TotalTimesteps = 256,
                Policy = TwoHiddenLayers(),
            }).Fit(data),
            "a2c" => trainers.A2C(new A2CTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 2, TotalTimesteps = 160, Policy = TwoHiddenLayers() }).Fit(data),
            _ => trainers.Reinforce(new ReinforceTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 2, TotalTimesteps = 150, Policy = TwoHiddenLayers() }).Fit(data),
        };
        var updates = policy.TrainingHistory!.Rows.Where(r => r.Kind == MetricRowKind.Iteration).ToArray();
        Assert.IsGreaterThanOrEqualTo(2, updates.Length);
        AssertFiringRecorded(updates, layers: 3);
        Assert.IsFalse(policy.TrainingHistory.Rows.Where(r => r.Kind == MetricRowKind.Episode).Any(r => r.Values.Keys.Any(IsSpikeKey)),
            "Episode rows hold the episode's own metrics only.");
    }

    [TestMethod]
    public void AnMlpPolicyRecordsNoFiring()
    {
        var ml = new MLContext(seed: 0);
        var options = new PpoTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 2, NumberOfEnvironments = 2, StepsPerUpdate = 64, MinibatchSize = 32, Epochs = 2, TotalTimesteps = 256 };
        var history = ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml)).TrainingHistory!;
        Assert.IsNotEmpty(history.Updates);
        Assert.IsFalse(history.Keys.Any(IsSpikeKey), $"keys: {string.Join(", ", history.Keys)}");
    }

    [TestMethod]
    public void ADqnWithASpikingQNetworkRecordsItsFiringInIterationsWithGradientSteps()
    {
        var ml = new MLContext(seed: 0);
        var options = new DqnTrainer.Options
        {
            EnvironmentId = "CartPole-v1",
            Seed = 2,
            Network = new SpikingPolicyOptions { HiddenSizes = [8], TimeSteps = 4 },
            TotalTimesteps = 500,
            LearningStarts = 200,
            StepsPerIteration = 100,
            BufferSize = 1_000,
        };
        var history = ml.Synaptic().Trainers.Dqn(options).Fit(CartPoleData(ml)).TrainingHistory!;
        var iterations = history.Rows.Where(r => r.Kind == MetricRowKind.Iteration).ToArray();
        var learning = iterations.Where(r => r.Values.ContainsKey(MetricKeys.Updates)).ToArray();
        Assert.IsNotEmpty(learning);
        Assert.IsLessThan(iterations.Length, learning.Length, "The first iterations only collect (before LearningStarts).");
        AssertFiringRecorded(learning, layers: 2);
        Assert.IsFalse(iterations.Except(learning).Any(r => r.Values.Keys.Any(IsSpikeKey)), "No gradient step, nothing counted.");
    }

    [TestMethod]
    public void TheSpikingClassifiersFiringIsTheHandCountOfItsTrainingForwardPass()
    {
        // One epoch is one minibatch of every row, in order, so the first epoch's firing is that of the network as the
        // seed built it on the training rows: built and run here, its spikes counted by hand.
        var ml = new MLContext(seed: 0);
        var train = DigitsClassification.Train;
        var options = new SpikingClassifierOptions
        {
            FeatureColumnName = LabeledImages.Columns.Image,
            Network = new SpikingClassifierNetworkOptions { HiddenSizes = [32], TimeSteps = 5, Coding = SpikeInputCoding.DirectCurrent },
            Epochs = 2,
            BatchSize = train.Count,
            Shuffle = false,
            LearningRate = 5e-3,
            Seed = 4,
        };
        var history = ml.Synaptic().Trainers.SpikingMulticlass(options).Fit(train.ToDataView(ml)).TrainingHistory!;
        var epochs = history.Rows.Where(r => r.Kind == MetricRowKind.Iteration).ToArray();
        Assert.HasCount(2, epochs);
        AssertFiringRecorded(epochs, layers: 2);

        using var scope = NewDisposeScope();
        var scorer = new SpikingClassifierScorer(options.Network, train.Height, train.Width, train.ClassNames.Count, seed: 4);
        var (output, hidden) = scorer.Network.Run(tensor(train.Pixels.ToArray(), [train.Count, train.PixelsPerImage]), null);
        foreach (var (layer, spikes) in new[] { (0, hidden!), (1, output.Spikes) })
        {
            var neurons = (int)spikes.shape[2];
            var counts = new long[neurons];
            var values = spikes.contiguous().data<float>().ToArray();
            for (var i = 0; i < values.Length; i++)
                counts[i % neurons] += (long)values[i];
            var samples = (double)options.Network.TimeSteps * train.Count;
            Assert.AreEqual(counts.Sum() / (neurons * samples), epochs[0][MetricKeys.SpikeRate(layer)], 1e-12, $"layer {layer}'s rate");
            Assert.AreEqual(counts.Count(c => c == 0) / (double)neurons, epochs[0][MetricKeys.SpikeSilentFraction(layer)], 1e-12, $"layer {layer}'s silent fraction");
        }
    }

    [TestMethod]
    public void TheSpikingBinaryClassifierRecordsItsFiringEachEpoch()
    {
        var ml = new MLContext(seed: 0);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 64).Select(_ =>
        {
            var features = Enumerable.Range(0, 4).Select(_ => random.NextSingle()).ToArray();
            return new BinaryRow { Features = features, Label = features[0] > 0.5f };
        }).ToList();
        var options = new SpikingClassifierOptions { Network = new SpikingClassifierNetworkOptions { HiddenSizes = [8], TimeSteps = 4 }, Epochs = 2, BatchSize = 16, Seed = 1 };
        var history = ml.Synaptic().Trainers.SpikingBinary(options).Fit(ml.Data.LoadFromEnumerable(rows)).TrainingHistory!;
        AssertFiringRecorded(history.Rows.Where(r => r.Kind == MetricRowKind.Iteration).ToArray(), layers: 2);
    }

    private static bool IsSpikeKey(string key) => key.StartsWith("spikes/", StringComparison.Ordinal);

    /// <summary>Every row has a rate and a silent fraction in [0, 1] for each of the layers and for no other, and some layer fired.</summary>
    private static void AssertFiringRecorded(IReadOnlyList<MetricRow> rows, int layers)
    {
        foreach (var row in rows)
        {
            for (var layer = 0; layer < layers; layer++)
            {
                foreach (var key in new[] { MetricKeys.SpikeRate(layer), MetricKeys.SpikeSilentFraction(layer) })
                {
                    Assert.IsTrue(row.Values.TryGetValue(key, out var value), $"The row at step {row.Step} has no {key}.");
                    Assert.IsTrue(value is >= 0 and <= 1, $"{key} = {value} at step {row.Step}.");
                }
            }
            var spikeKeys = row.Values.Keys.Where(IsSpikeKey).ToArray();
            Assert.HasCount(2 * layers, spikeKeys, $"spike keys at step {row.Step}: {string.Join(", ", spikeKeys)}");
        }
        Assert.IsTrue(rows.Any(r => Enumerable.Range(0, layers).Any(l => r[MetricKeys.SpikeRate(l)] > 0)), "Some layer fired.");
    }

    private sealed class BinaryRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
