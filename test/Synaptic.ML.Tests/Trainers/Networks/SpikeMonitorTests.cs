using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers;

/// <summary>
/// The spike monitor's rates and silent fractions are the hand counts of the spikes: a two-layer network of Leaky
/// neurons with set weights is run by the library (the spiking actor, stepped; the spiking classifier's network, one
/// fused scan per layer) and, here, by the Leaky equations in doubles.
/// </summary>
[TestClass]
public sealed class SpikeMonitorTests
{
    private const int TimeSteps = 6;
    private const double Beta = 0.8;
    private const double Threshold = 1.0;

    // 2 inputs → 5 hidden neurons → 3 output neurons. Hidden 1 (current 0.1, settling at 0.5) and hidden 3 (a negative
    // current for these inputs) never fire, nor output 1 (current 0.15).
    private static readonly float[,] HiddenWeights = { { 1.0f, 0f }, { 0f, 0f }, { 0f, 1.0f }, { -2f, 0f }, { 0.5f, 0.5f } };
    private static readonly float[] HiddenBias = [0f, 0.1f, 0.3f, -0.5f, 0.9f];
    private static readonly float[,] OutputWeights = { { 0.6f, 0f, 0.6f, 0f, 0.2f }, { 0f, 0f, 0f, 0f, 0f }, { 0.9f, 0f, 0f, 0f, 0.9f } };
    private static readonly float[] OutputBias = [0.1f, 0.15f, -0.05f];

    private static readonly float[][,] Batches =
    [
        new float[,] { { 0.3f, 0.9f }, { 1.2f, -0.1f }, { 0.7f, 0.45f }, { 2.1f, 1.6f } },
        new float[,] { { 0.05f, 0.2f }, { 1.7f, 0.85f }, { 0.9f, 1.3f } },
    ];

    [TestMethod]
    [DataRow("actor")]
    [DataRow("classifier")]
    public void RateAndSilentFractionAreTheHandCountsOfTheWatchedForwardPasses(string network)
    {
        using var scope = NewDisposeScope();
        var (module, forward) = Build(network);
        using var monitor = SpikeMonitor.For(module) ?? throw new AssertFailedException($"No monitor for the spiking {network}.");
        Assert.AreEqual(2, monitor.Layers);

        var unwatched = Batches.Select(b => forward(Input(b)).data<float>().ToArray()).ToArray();
        Assert.IsEmpty(monitor.Collect(), "Forward passes made while not watched are not counted.");
        float[][] watched;
        using (monitor.Watch())
            watched = Batches.Select(b => forward(Input(b)).data<float>().ToArray()).ToArray();
        for (var b = 0; b < Batches.Length; b++)
            CollectionAssert.AreEqual(unwatched[b], watched[b], $"Watching leaves batch {b}'s output as it was.");

        var (hidden, output) = HandCount();
        var rows = Batches.Sum(b => b.GetLength(0));
        var collected = monitor.Collect();
        Assert.HasCount(2, collected);
        foreach (var (layer, counts) in new[] { (0, hidden), (1, output) })
        {
            var (index, rate, silent) = collected[layer];
            Assert.AreEqual(layer, index);
            Assert.AreEqual(counts.Sum() / ((double)counts.Length * rows * TimeSteps), rate, 1e-15, $"layer {layer}'s rate");
            Assert.AreEqual(counts.Count(c => c == 0) / (double)counts.Length, silent, 1e-15, $"layer {layer}'s silent fraction");
        }
        // The set-up is one that tells: some neurons of each layer fire, some never do.
        Assert.IsTrue(hidden.Count(c => c == 0) == 2 && output.Count(c => c == 0) == 1 && hidden.Sum() > 0 && output.Sum() > 0,
            $"hidden counts [{string.Join(", ", hidden)}], output counts [{string.Join(", ", output)}]");
        Assert.IsEmpty(monitor.Collect(), "Collect starts the counts again.");
    }

    [TestMethod]
    public void NetworksWithoutSpikingLayersHaveNoMonitor()
    {
        using var generator = new Generator(1);
        Assert.IsNull(SpikeMonitor.For(new MlpPolicyOptions().CreateActor(2, 3, generator)));
        Assert.IsNull(SpikeMonitor.For(new ConvPolicyOptions { Height = 2, Width = 2, InputChannels = 1, Filters = [2], KernelSize = 1, HiddenSizes = [4] }.CreateActor(4, 2, generator)));
    }

    private static (nn.Module Module, Func<Tensor, Tensor> Forward) Build(string network)
    {
        using var generator = new Generator(3);
        if (network == "actor")
        {
            var options = new SpikingPolicyOptions { HiddenSizes = [5], TimeSteps = TimeSteps, Beta = Beta, Threshold = Threshold, Readout = SpikingReadout.SpikeCount };
            var actor = options.CreateActor(2, 3, generator);
            SetWeights(actor, "_layers");
            return (actor, actor.forward);
        }
        var classifier = new SpikingClassifierNetworkOptions
        {
            HiddenSizes = [5],
            TimeSteps = TimeSteps,
            Beta = Beta,
            Threshold = Threshold,
            Coding = SpikeInputCoding.DirectCurrent,
        }.Create(1, 2, 3, generator);
        SetWeights(classifier, "_linears");
        return (classifier, x => classifier.Run(x, null).Output.Spikes);
    }

    private static void SetWeights(nn.Module module, string layers)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        parameters[$"{layers}.0.weight"].copy_(tensor(HiddenWeights));
        parameters[$"{layers}.0.bias"].copy_(tensor(HiddenBias));
        parameters[$"{layers}.1.weight"].copy_(tensor(OutputWeights));
        parameters[$"{layers}.1.bias"].copy_(tensor(OutputBias));
    }

    private static Tensor Input(float[,] rows) => tensor(rows);

    /// <summary>
    /// Spikes per neuron over both batches by the Leaky equations (reset by subtraction one step late):
    /// R[t] = [U[t−1] &gt; θ], U[t] = β·U[t−1] + I[t] − R[t]·θ, S[t] = [U[t] &gt; θ], from U = 0. Every membrane must be
    /// clear of θ, so float rounding in the library cannot flip a spike.
    /// </summary>
    private static (int[] Hidden, int[] Output) HandCount()
    {
        var hiddenCounts = new int[HiddenBias.Length];
        var outputCounts = new int[OutputBias.Length];
        foreach (var batch in Batches)
        {
            for (var row = 0; row < batch.GetLength(0); row++)
            {
                var hiddenMembrane = new double[hiddenCounts.Length];
                var outputMembrane = new double[outputCounts.Length];
                for (var t = 0; t < TimeSteps; t++)
                {
                    var hiddenSpikes = new double[hiddenCounts.Length];
                    for (var n = 0; n < hiddenCounts.Length; n++)
                    {
                        var current = (double)HiddenBias[n];
                        for (var i = 0; i < batch.GetLength(1); i++)
                            current += (double)HiddenWeights[n, i] * batch[row, i];
                        hiddenSpikes[n] = Step(ref hiddenMembrane[n], current);
                        hiddenCounts[n] += (int)hiddenSpikes[n];
                    }
                    for (var k = 0; k < outputCounts.Length; k++)
                    {
                        var current = (double)OutputBias[k];
                        for (var n = 0; n < hiddenCounts.Length; n++)
                            current += (double)OutputWeights[k, n] * hiddenSpikes[n];
                        outputCounts[k] += (int)Step(ref outputMembrane[k], current);
                    }
                }
            }
        }
        return (hiddenCounts, outputCounts);
    }

    private static double Step(ref double membrane, double current)
    {
        var reset = membrane > Threshold ? 1 : 0;
        membrane = Beta * membrane + current - reset * Threshold;
        Assert.IsGreaterThan(1e-4, Math.Abs(membrane - Threshold), $"A membrane of {membrane} is too close to the threshold for a hand count.");
        return membrane > Threshold ? 1 : 0;
    }
}
