using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers;

[TestClass]
public sealed class SpikingPolicyTests : TempDirectoryTest
{
    private static readonly float[] Low = [-2.4f, -3f, -0.21f, -3.5f];
    private static readonly float[] High = [2.4f, 3f, 0.21f, 3.5f];

    private static PolicyTransformer Train(SpikingPolicyOptions network, long steps = 256)
    {
        var ml = new MLContext(seed: 0);
        var options = new PpoTrainer.Options
        {
            EnvironmentId = "CartPole-v1",
            Policy = network,
            Seed = 2,
            NumberOfEnvironments = 2,
            StepsPerUpdate = 64,
            MinibatchSize = 64,
            Epochs = 2,
            TotalTimesteps = steps,
        };
        return ml.Synaptic().Trainers.Ppo(options).Fit(TrainedPolicies.Episodes(ml, "CartPole-v1"));
    }

    [TestMethod]
    [DataRow(SpikingEncoding.DirectCurrent, SpikingNeuronKind.Leaky, SpikingReadout.MeanMembrane)]
    [DataRow(SpikingEncoding.Population, SpikingNeuronKind.Synaptic, SpikingReadout.MeanMembrane)]
    [DataRow(SpikingEncoding.Rate, SpikingNeuronKind.Alpha, SpikingReadout.SpikeCount)]
    public void EveryEncodingNeuronAndReadoutTrainsSavesAndReloads(SpikingEncoding encoding, SpikingNeuronKind neuron, SpikingReadout readout)
    {
        var network = new SpikingPolicyOptions
        {
            Encoding = encoding,
            Neuron = neuron,
            Alpha = 0.97,
            Readout = readout,
            HiddenSizes = [32, 16],
            TimeSteps = 5,
            ObservationLow = Low,
            ObservationHigh = High,
        };
        var policy = Train(network);
        Assert.AreEqual(network.ToString(), policy.Network.ToString());
        var path = Path.Combine(Dir, "snn.zip");
        var ml = new MLContext(seed: 0);
        var data = TrainedPolicies.Episodes(ml, "CartPole-v1", episodes: 2);
        ml.Model.Save(policy, data.Schema, path);
        var loaded = (PolicyTransformer)ml.Synaptic().LoadModel(path, out _);
        var expected = policy.Transform(data).GetColumn<float[]>("ActionProbabilities").ToArray();
        var actual = loaded.Transform(data).GetColumn<float[]>("ActionProbabilities").ToArray();
        for (var i = 0; i < expected.Length; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");
    }

    [TestMethod]
    public void RateEncodingIsAFunctionOfTheObservation()
    {
        var policy = Train(new SpikingPolicyOptions { Encoding = SpikingEncoding.Rate, HiddenSizes = [32], ObservationLow = Low, ObservationHigh = High }, 128);
        float[] observation = [0.1f, -0.4f, 0.05f, 0.3f];
        var first = new float[2];
        var second = new float[2];
        policy.Evaluate(observation, first, out _);
        policy.Evaluate(observation, second, out _);
        CollectionAssert.AreEqual(first, second, "The same observation draws the same spike train.");
        var batch = new float[2];
        policy.ActBatch(observation.Concat(new float[] { 0.2f, 0.1f, -0.02f, 0.0f }).ToArray(), batch);
        Assert.AreEqual(policy.Act(observation)[0], batch[0], "Draws do not depend on the batch.");
    }

    [TestMethod]
    public void SpikingLayersFireDuringTheForwardPass()
    {
        // With a tiny threshold every hidden neuron fires; with a huge one none does, so the readout then only
        // sees the output layer's bias: all observations give the same action distribution.
        var silent = Train(new SpikingPolicyOptions { HiddenSizes = [16], Threshold = 1e6 }, 128);
        var first = new float[2];
        var second = new float[2];
        silent.Evaluate([0.1f, 0.5f, -0.1f, -1f], first, out _);
        silent.Evaluate([-0.1f, -0.5f, 0.1f, 1f], second, out _);
        CollectionAssert.AreEqual(first, second);
        var active = Train(new SpikingPolicyOptions { HiddenSizes = [16], Threshold = 0.05 }, 128);
        active.Evaluate([0.1f, 0.5f, -0.1f, -1f], first, out _);
        active.Evaluate([-0.1f, -0.5f, 0.1f, 1f], second, out _);
        CollectionAssert.AreNotEqual(first, second);
    }

    [TestMethod]
    [DataRow(SpikingEncoding.DirectCurrent)]
    [DataRow(SpikingEncoding.Rate)]
    public void TraceSpikesKeepsEveryHiddenNeuronAtEveryStepWithoutChangingTheAction(SpikingEncoding encoding)
    {
        var policy = Train(new SpikingPolicyOptions { Encoding = encoding, HiddenSizes = [24, 8], TimeSteps = 5, Threshold = 0.05, ObservationLow = Low, ObservationHigh = High }, 128);
        var model = (ActorCriticPolicy)policy.Model;
        float[] observation = [0.1f, -0.4f, 0.05f, 0.3f];
        var before = policy.Act(observation)[0];
        var trace = model.TraceSpikes(observation)!;
        Assert.AreEqual(5, trace.Steps);
        Assert.AreEqual(32, trace.Neurons);
        CollectionAssert.AreEqual(new[] { 24, 8 }, trace.LayerSizes.ToArray());
        Assert.HasCount(5 * 32, trace.Spikes);
        Assert.IsTrue(trace.Spikes.All(s => s is 0f or 1f), "Spikes are 0 or 1.");
        Assert.IsGreaterThan(0.0, trace.MeanRate, "A low threshold makes hidden neurons fire.");
        CollectionAssert.AreEqual(trace.Spikes, model.TraceSpikes(observation)!.Spikes, "The same observation gives the same spikes.");
        Assert.AreEqual(before, policy.Act(observation)[0], "Tracing leaves the policy as it was.");
    }

    [TestMethod]
    public void TraceSpikesIsNullForAnActorThatDoesNotSpike() =>
        Assert.IsNull(((ActorCriticPolicy)TrainedPolicies.CartPole.Model).TraceSpikes([0f, 0f, 0f, 0f]));
}
