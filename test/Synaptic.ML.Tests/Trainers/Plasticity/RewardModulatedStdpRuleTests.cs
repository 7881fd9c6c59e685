using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Plasticity;

/// <summary>The pieces of the per-decision rule against hand computation and theory: the decision-pathway tags and the linear critic.</summary>
[TestClass]
public sealed class RewardModulatedStdpRuleTests
{
    [TestMethod]
    public void TheDecisionTagsTheChosenPoolUpTheOthersDownAndDecays()
    {
        // 4 neurons, 3 actions, pools of 1 (neurons 0, 1, 2); T = 10; counts c = [2, 0, 5, 1].
        var tags = new DecisionPathwayTags(neurons: 4, actions: 3, poolSize: 1);
        float[] counts = [2, 0, 5, 1];
        tags.Decide(decay: 0.5f, chosen: 1, counts, steps: 10);
        CollectionAssert.AreEqual(new[] { -0.1f, 0f, -0.25f, -0.05f, 0.2f, 0f, 0.5f, 0.1f, -0.1f, 0f, -0.25f, -0.05f }, tags.Values.ToArray());
        tags.Decide(decay: 0.5f, chosen: 0, counts, steps: 10);
        // E ← 0.5·E + e: row 0 = 0.5·(−c/20) + c/10, row 1 = 0.5·(c/10) − c/20, row 2 = 0.5·(−c/20) − c/20.
        var expected = new[] { 0.15f, 0f, 0.375f, 0.075f, 0f, 0f, 0f, 0f, -0.15f, 0f, -0.375f, -0.075f };
        var values = tags.Values.ToArray();
        for (var k = 0; k < expected.Length; k++)
            Assert.AreEqual(expected[k], values[k], 1e-6f, $"E[{k / 4}, {k % 4}]");
    }

    [TestMethod]
    public void OneDecisionConservesTheTotalDriveOfEachPresynapticNeuron()
    {
        var tags = new DecisionPathwayTags(neurons: 12, actions: 4, poolSize: 2);
        var counts = Enumerable.Range(0, 12).Select(j => (float)(j * 7 % 5)).ToArray();
        tags.Decide(decay: 1f, chosen: 2, counts, steps: 20);
        var values = tags.Values;
        for (var j = 0; j < 12; j++)
        {
            var column = 0.0;
            for (var i = 0; i < 8; i++)
                column += values[i * 12 + j];
            Assert.AreEqual(0.0, column, 1e-6, $"Σ_i e[i, {j}] over the pools");
        }
        var weights = new float[12 * 12];
        tags.AddTo(weights, 2f);
        Assert.AreEqual(2f * counts[5] / 20, weights[4 * 12 + 5], 1e-6f, "W += 2·E on a chosen-pool row");
        Assert.IsTrue(weights.AsSpan(8 * 12).ToArray().All(w => w == 0f), "Neurons outside the pools keep their weights.");
    }

    [TestMethod]
    public void PoolScalingMultipliesEachPoolNeuronsExcitatoryInputsBackToTheirUntrainedSum()
    {
        // 5 neurons, 1 inhibitory (neuron 4); pools are neurons 0–2. Excitatory weights in [0.01, 0.9].
        var population = new Synaptic.ML.Plasticity.LifPopulation(new Synaptic.ML.Plasticity.LifPopulation.Options { Size = 5, InhibitoryFraction = 0.2 }, seed: 3);
        var w = population.Weights;
        w.Clear();
        float[] untrained = [0f, 0.2f, 0.3f, 0.1f, -0.5f, 0.1f, 0f, 0.1f, 0.2f, -0.2f, 0.3f, 0.3f, 0f, 0.3f, -0.1f, 0.4f, 0.4f, 0.4f, 0f, -0.3f, 0.5f, 0.5f, 0.5f, 0.5f, 0f];
        untrained.CopyTo(w);
        population.EnforceConstraints();
        var scaling = new PoolSynapticScaling(population, poolNeurons: 3);
        // The targets are the excitatory columns' sums, the self-weight (held at 0) included: 0.6, 0.4, 0.9.
        CollectionAssert.AreEqual(new[] { 0.6f, 0.4f, 0.9f }, scaling.Targets.ToArray().Select(t => MathF.Round(t, 6)).ToArray());

        // A weight change: row 0 potentiated to a sum of 1.2, row 1 depressed to 0.2, row 2 left; rows 3 and 4 are no pool.
        w = population.Weights;
        float[] trained = [0f, 0.4f, 0.6f, 0.2f, -0.4f, 0.05f, 0f, 0.05f, 0.1f, -0.6f, 0.3f, 0.3f, 0f, 0.3f, -0.1f, 0.8f, 0.8f, 0.8f, 0f, -0.3f, 0.5f, 0.5f, 0.5f, 0.5f, 0f];
        trained.CopyTo(w);
        scaling.Apply(population);
        // Row 0 × 0.6/1.2, row 1 × 0.4/0.2, row 2 × 1; inhibitory inputs and the rows outside the pools unchanged.
        float[] expected = [0f, 0.2f, 0.3f, 0.1f, -0.4f, 0.1f, 0f, 0.1f, 0.2f, -0.6f, 0.3f, 0.3f, 0f, 0.3f, -0.1f, 0.8f, 0.8f, 0.8f, 0f, -0.3f, 0.5f, 0.5f, 0.5f, 0.5f, 0f];
        var actual = population.Weights.ToArray();
        for (var k = 0; k < expected.Length; k++)
            Assert.AreEqual(expected[k], actual[k], 1e-6f, $"W[{k / 5}, {k % 5}]");

        // Clipping comes after the scaling: row 0 at a sum of 1.2 is halved, and 0.01 × ½ is raised back to the floor 0.01.
        w = population.Weights;
        w[1] = 0.01f;
        w[2] = 0.9f;
        w[3] = 0.29f;
        scaling.Apply(population);
        Assert.AreEqual(0.01f, population.Weights[1], 1e-7f, "0.005 clipped to the excitatory floor");
        Assert.AreEqual(0.45f, population.Weights[2], 1e-6f, "0.9 × ½");
        Assert.AreEqual(0.145f, population.Weights[3], 1e-6f, "0.29 × ½");
    }

    [TestMethod]
    public void PoolScalingIsOnByDefaultWithThePathwayReadoutOnlyAndAsSetOtherwise()
    {
        Assert.IsTrue(new RewardModulatedStdpTrainer.Options().ScalesPools, "pathway readout, default");
        Assert.IsFalse(new RewardModulatedStdpTrainer.Options { Readout = SpikeReadout.SpikeCount }.ScalesPools, "spike-count readout, default");
        Assert.IsTrue(new RewardModulatedStdpTrainer.Options { Readout = SpikeReadout.SpikeCount, PoolSynapticScaling = true }.ScalesPools, "spike-count readout, set");
        Assert.IsFalse(new RewardModulatedStdpTrainer.Options { PoolSynapticScaling = false }.ScalesPools, "pathway readout, unset");
    }

    [TestMethod]
    public void PopulationCodingFiresEachTunedNeuronByItsGaussianCurve()
    {
        // One element in [0, 10], M = 5: centres 0, 0.25, 0.5, 0.75, 1 and width 0.25; x = 5 is u = 0.5.
        var population = new Synaptic.ML.Plasticity.LifPopulation.Options { Size = 10 };
        var agent = new SpikingAgent(population, new float[10 * 5], [0f], [10f], actions: 2, SpikeEncoding.Population,
            inputRate: 0.5f, stepsPerDecision: 10, SpikeReadout.Pathway, inputPopulationSize: 5);
        var level = new float[5];
        agent.Encode([5f], level);
        var expected = new[] { -2.0, -0.5, 0, -0.5, -2.0 }.Select(e => 0.5 * Math.Exp(e)).ToArray();
        for (var j = 0; j < 5; j++)
            Assert.AreEqual(expected[j], level[j], 1e-6, $"input neuron {j}");
        agent.Encode([0f], level);
        Assert.AreEqual(0.5, level[0], 1e-6, "u = 0 is the first neuron's centre");
        Assert.AreEqual(0.5 * Math.Exp(-2), level[2], 1e-6, "two widths from the third centre");
    }

    [TestMethod]
    public void WithStepOneTheCriticMatchesItsTargetAtOnce()
    {
        // Normalised LMS with α = 1 removes the whole error on the sample it learns from.
        var critic = new LinearCritic(3);
        float[] x = [0.2f, 0.5f, 0.1f];
        critic.Learn(x, error: 4.0 - critic.Value(x), step: 1.0);
        Assert.AreEqual(4.0, critic.Value(x), 1e-12);
    }

    [TestMethod]
    public void TheCriticLearnsTheDiscountedValueOfAConstantReward()
    {
        // One state seen forever with reward 1: V = 1/(1 − γ) = 20 for γ = 0.95 (the TD fixed point).
        var critic = new LinearCritic(2);
        float[] x = [0.3f, 0.6f];
        for (var t = 0; t < 20_000; t++)
            critic.Learn(x, 1 + 0.95 * critic.Value(x) - critic.Value(x), step: 0.1);
        Assert.AreEqual(20.0, critic.Value(x), 1e-6);
    }
}
