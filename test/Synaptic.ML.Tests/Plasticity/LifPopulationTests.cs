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

    [TestMethod]
    public void NoiseIsGaussianWithTheConfiguredStandardDeviation()
    {
        // dt = τ makes V the step's current, V = I_base + ξ with I_base = 0, and an unreachable threshold keeps
        // the population silent: the potentials are the noise itself, 10⁶ draws of N(0, σ²).
        const int neurons = 1000, steps = 1000;
        const float sigma = 0.5f;
        var population = new LifPopulation(new LifPopulation.Options
        {
            Size = neurons,
            InhibitoryFraction = 0,
            Tau = 1,
            TimeStep = 1,
            Threshold = 1e30f,
            BaseCurrent = 0,
            NoiseStd = sigma,
        }, seed: 7);
        double m1 = 0, m2 = 0, m3 = 0, m4 = 0, lag = 0;
        long within1 = 0, within2 = 0, within3 = 0, beyond35 = 0;
        var previous = new double[neurons];
        for (var t = 0; t < steps; t++)
        {
            population.Step([]);
            var v = population.Potential;
            for (var i = 0; i < neurons; i++)
            {
                var x = v[i] / (double)sigma;
                m1 += x;
                m2 += x * x;
                m3 += x * x * x;
                m4 += x * x * x * x;
                lag += x * previous[i];
                previous[i] = x;
                var a = Math.Abs(x);
                within1 += a < 1 ? 1 : 0;
                within2 += a < 2 ? 1 : 0;
                within3 += a < 3 ? 1 : 0;
                beyond35 += x > 3.5 ? 1 : 0;
            }
        }
        const double n = (double)neurons * steps;
        // Tolerances are ~5 standard errors of each estimate at n = 10⁶.
        Assert.AreEqual(0, m1 / n, 0.005, "mean");
        Assert.AreEqual(1, m2 / n, 0.008, "variance (σ² scaled to 1)");
        Assert.AreEqual(0, m3 / n, 0.02, "third moment");
        Assert.AreEqual(3, m4 / n, 0.05, "fourth moment (kurtosis 3)");
        Assert.AreEqual(0, lag / n, 0.005, "correlation of a neuron's noise with its previous step's");
        // P(|x| < k) for k = 1, 2, 3 and P(x > 3.5), from Φ; the last one lies in the ziggurat's tail (beyond 3.44).
        Assert.AreEqual(0.682689492, within1 / n, 0.0025, "P(|x| < 1)");
        Assert.AreEqual(0.954499736, within2 / n, 0.0011, "P(|x| < 2)");
        Assert.AreEqual(0.997300204, within3 / n, 0.00027, "P(|x| < 3)");
        Assert.AreEqual(2.326290790e-4, beyond35 / n, 0.000077, "P(x > 3.5)");
    }

    [TestMethod]
    public void ReadingTheRowsOfWAndItsTransposedCopyGiveTheSameBits()
    {
        // Reading Weights before every step makes the population sum W's rows instead of its transposed copy;
        // both must add the same weights in the same order.
        var transposed = new LifPopulation(null, seed: 11);
        var rows = new LifPopulation(null, seed: 11);
        var input = new float[transposed.Size];
        for (var i = 0; i < input.Length; i += 3)
            input[i] = 1.2f;
        var spikes = 0;
        for (var t = 0; t < 300; t++)
        {
            _ = rows.Weights;
            var expected = transposed.Step(input).ToArray();
            spikes += expected.Count(s => s != 0f);
            CollectionAssert.AreEqual(expected, rows.Step(input).ToArray(), $"step {t}");
            CollectionAssert.AreEqual(transposed.Potential.ToArray(), rows.Potential.ToArray(), $"potentials, step {t}");
        }
        Assert.IsGreaterThan(100, spikes, "The raster must contain spikes.");
    }

    [TestMethod]
    public void AWeightWrittenAfterStepsIsSeenByTheNextStep()
    {
        var population = new LifPopulation(new LifPopulation.Options { Size = 2, InhibitoryFraction = 0, NoiseStd = 0, BaseCurrent = 0 }, 1);
        population.Weights[1 * 2 + 0] = 0.5f;
        for (var t = 0; t < 3; t++)
            population.Step([100f, 0f]); // the copy of W is current after the second step
        population.Weights[1 * 2 + 0] = 0.9f;
        population.ResetState();
        population.Step([100f, 0f]);
        population.Step([0f, 0f]);
        Assert.AreEqual(0.9f / Tau, population.Potential[1], 1e-7f);
        population.ApplyWeightChange([0f, 0f, -0.8f, 0f], 1f);
        for (var t = 0; t < 3; t++)
            population.Step([0f, 0f]);
        population.ResetState();
        population.Step([100f, 0f]);
        population.Step([0f, 0f]);
        Assert.AreEqual(0.1f / Tau, population.Potential[1], 1e-7f);
    }

    [TestMethod]
    public void TheRasterIsPinnedSoThatEveryCpuGivesTheSameBits()
    {
        // The population's sums are element-wise and in a fixed order, so these bits do not depend on the CPU's
        // SIMD width (recorded on AVX-512; dense dot products gave other bits there than on AVX2).
        var population = new LifPopulation(null, seed: 42);
        var input = new float[population.Size];
        for (var i = 0; i < input.Length; i += 2)
            input[i] = 1.0f;
        var hash = 0xCBF29CE484222325UL;
        var spikes = 0;
        for (var t = 0; t < 300; t++)
        {
            spikes += population.Step(input).ToArray().Count(s => s != 0f);
            foreach (var v in population.Potential)
                hash = (hash ^ BitConverter.SingleToUInt32Bits(v)) * 0x100000001B3UL;
        }
        Assert.AreEqual((299, 3200093847922155212UL), (spikes, hash));
    }
}
