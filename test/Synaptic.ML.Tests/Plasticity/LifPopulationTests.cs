using Synaptic.ML.Plasticity;

namespace Synaptic.ML.Tests.Plasticity;

[TestClass]
public sealed class LifPopulationTests
{
    private const float Tau = 20f;
    private const float Threshold = 1f;

    private static LifPopulation SingleNeuron(float current, int refractorySteps) => new(new LifPopulation.Options
    {
        Size = 1,
        InhibitoryFraction = 0,
        NoiseStd = 0,
        BaseCurrent = current,
        RefractorySteps = refractorySteps,
        Tau = Tau,
        Threshold = Threshold,
    }, seed: 1);

    private static List<int> SpikeSteps(LifPopulation neuron, int steps)
    {
        var times = new List<int>();
        for (var t = 0; t < steps; t++)
        {
            if (neuron.Step([])[0] != 0f)
                times.Add(t);
        }
        return times;
    }

    [TestMethod]
    [DataRow(1.05, 0)]
    [DataRow(1.2, 0)]
    [DataRow(1.5, 0)]
    [DataRow(2.0, 0)]
    [DataRow(3.0, 0)]
    [DataRow(1.2, 2)]
    [DataRow(2.0, 5)]
    [DataRow(3.0, 10)]
    public void InterSpikeIntervalMatchesTheDiscreteClosedFormAndTheContinuousRateWithinEulerError(double current, int refractory)
    {
        // Euler with a = dt/τ: after a reset V_n = I·(1 − (1 − a)^n), so the first n with V_n ≥ θ is
        // n* = ⌈ln(1 − θ/I) / ln(1 − a)⌉ and the interval is r + n* steps.
        const double a = 1.0 / Tau;
        var exact = Math.Log(1 - Threshold / current) / Math.Log(1 - a);
        Assert.IsTrue(Math.Abs(exact - Math.Round(exact)) > 1e-3, $"Case too close to a step boundary for float arithmetic: {exact}.");
        var nStar = (int)Math.Ceiling(exact);

        var neuron = SingleNeuron((float)current, refractory);
        var spikes = SpikeSteps(neuron, 3000);
        Assert.IsGreaterThan(5, spikes.Count);
        Assert.AreEqual(nStar - 1, spikes[0], "First spike (V starts at 0, step index from 0).");
        for (var k = 1; k < spikes.Count; k++)
            Assert.AreEqual(refractory + nStar, spikes[k] - spikes[k - 1], $"Interval {k}.");

        // Continuous time: ISI_c = t_ref + τ·ln(I/(I − θ)) = r + T. The discrete n* lies in
        // [T·a/(−ln(1 − a)), T·a/(−ln(1 − a)) + 1): Euler's (1 − a)^n < e^{−an} reaches θ early by the
        // factor a/(−ln(1 − a)) (≈ 1 − a/2, 2.5 % at τ = 20), and whole steps add < 1.
        var continuousT = Tau * Math.Log(current / (current - Threshold));
        var isiContinuous = refractory + continuousT;
        var isiSimulated = (double)(spikes[^1] - spikes[0]) / (spikes.Count - 1);
        var early = continuousT * (1 - a / -Math.Log(1 - a));
        Assert.IsTrue(isiSimulated - isiContinuous >= -early - 1e-9 && isiSimulated - isiContinuous < 1,
            $"ISI {isiSimulated} vs continuous {isiContinuous} (allowed [−{early:F3}, 1)).");
        var rateSimulated = 1000 / isiSimulated;
        var rateContinuous = 1000 / isiContinuous;
        Assert.AreEqual(rateContinuous, rateSimulated, rateContinuous * Math.Max(early, 1) / (isiContinuous - early),
            "Rate in Hz (dt = 1 ms).");
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.5)]
    [DataRow(0.99)]
    [DataRow(1.0)]
    public void NeverFiresAtOrBelowThreshold(double current)
    {
        var neuron = SingleNeuron((float)current, 0);
        Assert.IsEmpty(SpikeSteps(neuron, 5000));
        Assert.IsLessThanOrEqualTo(current, neuron.Potential[0]);
    }

    [TestMethod]
    public void SameSeedGivesTheSameRasterAndAnotherSeedADifferentOne()
    {
        var a = Raster(42);
        var b = Raster(42);
        var c = Raster(43);
        Assert.IsGreaterThan(100, a.Count(s => s), "The raster must contain spikes.");
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    private static bool[] Raster(ulong seed)
    {
        var population = new LifPopulation(null, seed);
        var input = new float[population.Size];
        for (var i = 0; i < input.Length; i += 2)
            input[i] = 1.0f;
        var raster = new bool[300 * population.Size];
        for (var t = 0; t < 300; t++)
        {
            var spikes = population.Step(input);
            for (var i = 0; i < spikes.Length; i++)
                raster[t * population.Size + i] = spikes[i] != 0f;
        }
        return raster;
    }

    [TestMethod]
    public void WeightsRespectDalesLawAndBoundsAfterAnyChange()
    {
        var population = new LifPopulation(null, 3);
        Assert.AreEqual(80, population.ExcitatoryCount);
        var delta = new float[population.Size * population.Size];
        var random = new Random(5);
        for (var k = 0; k < delta.Length; k++)
            delta[k] = (float)(random.NextDouble() * 4 - 2);
        population.ApplyWeightChange(delta, 1f);
        var w = population.Weights;
        for (var i = 0; i < population.Size; i++)
        {
            for (var j = 0; j < population.Size; j++)
            {
                var v = w[i * population.Size + j];
                if (i == j)
                    Assert.AreEqual(0f, v);
                else if (j < 80)
                    Assert.IsTrue(v >= 0.01f && v <= 0.9f, $"W[{i},{j}] = {v} (excitatory).");
                else
                    Assert.IsTrue(v >= -0.9f && v <= -0.01f, $"W[{i},{j}] = {v} (inhibitory).");
            }
        }
    }

    [TestMethod]
    public void RecurrentInputArrivesOneStepAfterThePresynapticSpike()
    {
        var population = new LifPopulation(new LifPopulation.Options { Size = 2, InhibitoryFraction = 0, NoiseStd = 0, BaseCurrent = 0 }, 1);
        population.Weights[1 * 2 + 0] = 0.5f; // 0 → 1
        population.Step([100f, 0f]); // neuron 0 fires
        Assert.AreEqual(1f, population.Spikes[0]);
        Assert.AreEqual(0f, population.Potential[1]);
        population.Step([0f, 0f]);
        Assert.AreEqual(0.5f / Tau, population.Potential[1], 1e-7f);
    }

    [TestMethod]
    public void StepWithStdpAllocatesNothing()
    {
        var population = new LifPopulation(null, 9);
        var stdp = new SpikeTimingDependentPlasticity(population.Size, population.Size);
        var input = new float[population.Size];
        Array.Fill(input, 1.1f);
        void Run(int steps)
        {
            for (var t = 0; t < steps; t++)
            {
                var spikes = population.Step(input);
                stdp.Update(spikes, spikes);
                population.ApplyWeightChange(stdp.Eligibility, 1f);
                stdp.ClearEligibility();
            }
        }
        Run(200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000);
        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    public void BadSettingsAndInputsAreRejectedByName()
    {
        static void Throws(Action act, string name)
        {
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(act);
            Assert.AreEqual(name, e.ParamName);
        }
        Throws(() => new LifPopulation(new LifPopulation.Options { Tau = 0 }, 1), "Tau");
        Throws(() => new LifPopulation(new LifPopulation.Options { Tau = -5 }, 1), "Tau");
        Throws(() => new LifPopulation(new LifPopulation.Options { Threshold = 0 }, 1), "Threshold");
        Throws(() => new LifPopulation(new LifPopulation.Options { Size = 0 }, 1), "Size");
        Throws(() => new LifPopulation(new LifPopulation.Options { InhibitoryFraction = 1.5 }, 1), "InhibitoryFraction");
        Throws(() => new LifPopulation(new LifPopulation.Options { NoiseStd = float.NaN }, 1), "NoiseStd");
        Throws(() => new LifPopulation(new LifPopulation.Options { RefractorySteps = -1 }, 1), "RefractorySteps");

        var population = new LifPopulation(null, 1);
        var wrongSize = Assert.ThrowsExactly<ArgumentException>(() => population.Step(new float[99]));
        StringAssert.Contains(wrongSize.Message, "99");
        var nan = new float[100];
        nan[7] = float.NaN;
        var nanError = Assert.ThrowsExactly<ArgumentException>(() => population.Step(nan));
        StringAssert.Contains(nanError.Message, "element 7 is NaN");
        Assert.ThrowsExactly<ArgumentException>(() => population.ApplyWeightChange(new float[10], 1f));
    }

    [TestMethod]
    public void ARestartedPopulationRunsAsAFreshOneWithTheSameSeedAndWeights()
    {
        var options = new LifPopulation.Options { Size = 30 };
        var used = new LifPopulation(options, seed: 1);
        var drive = Enumerable.Range(0, 30).Select(i => 0.05f * (i % 7)).ToArray();
        for (var t = 0; t < 40; t++)
            used.Step(drive);
        var fresh = new LifPopulation(options, seed: 9);
        used.Weights.CopyTo(fresh.Weights);
        used.Restart(9);
        for (var t = 0; t < 60; t++)
            CollectionAssert.AreEqual(fresh.Step(drive).ToArray(), used.Step(drive).ToArray(), $"step {t}");
        CollectionAssert.AreEqual(fresh.Potential.ToArray(), used.Potential.ToArray());
    }
}
