using Synaptic.ML.Plasticity;
using Synaptic.ML.Torch;
using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers.Recurrent;

/// <summary>
/// The fused multi-plasticity sequence (managed forward and hand-written backpropagation through time) against the
/// layer's op-by-op path and autograd, against float64, and against finite differences.
/// </summary>
[TestClass]
public sealed class MultiPlasticityFunctionTests
{
    private const int InputSize = 4, Hidden = 5, Steps = 9, Batch = 3;

    [ClassInitialize]
    public static void Initialize(TestContext context) => TorchRuntime.EnsureAvailable();

    public static IEnumerable<object[]> Settings =>
    [
        // activation, bias input, learned λ, learned η, bound, keep mask
        [HebbianActivation.Tanh, true, false, false, 0.0, false],
        [HebbianActivation.Identity, true, false, false, 0.0, false],
        [HebbianActivation.Tanh, false, false, false, 0.0, false],
        [HebbianActivation.Tanh, true, true, true, 0.0, false],
        [HebbianActivation.Identity, false, true, false, 0.0, true],
        [HebbianActivation.Tanh, true, false, true, 0.15, false],
        [HebbianActivation.Tanh, true, true, true, 0.15, true],
    ];

    [TestMethod]
    [DynamicData(nameof(Settings))]
    public void TheFusedForwardComputesWhatTheOpByOpPathComputes(HebbianActivation activation, bool biasInput, bool learnDecay, bool learnRate, double bound, bool masked)
    {
        using var layer = Layer(activation, biasInput, learnDecay, learnRate, bound, seed: 3);
        var data = new Data(layer, seed: 5, masked);
        using var scope = NewDisposeScope();
        var (h, m) = layer.forward(data.X(), data.M0(), data.Keep());
        var (expectedH, expectedM) = layer.ForwardStepwise(data.X(), data.M0(), data.Keep());
        AssertClose(expectedH, h, 1e-5, "h");
        AssertClose(expectedM, m, 1e-5, "M_T");
        if (bound > 0)
            Assert.IsTrue(m.abs().max().item<float>() >= (float)bound, "the bound is reached, so clipping is exercised");

        // Without a graph the forward loop runs directly (nothing saved) and gives the same numbers bit for bit.
        using (no_grad())
        {
            var (plainH, plainM) = layer.forward(data.X(), data.M0(), data.Keep());
            CollectionAssert.AreEqual(h.data<float>().ToArray(), plainH.data<float>().ToArray());
            CollectionAssert.AreEqual(m.data<float>().ToArray(), plainM.data<float>().ToArray());
        }
    }

    [TestMethod]
    [DynamicData(nameof(Settings))]
    public void FusedGradientsAgreeWithAutogradThroughTheOpByOpPath(HebbianActivation activation, bool biasInput, bool learnDecay, bool learnRate, double bound, bool masked)
    {
        using var layer = Layer(activation, biasInput, learnDecay, learnRate, bound, seed: 7);
        var data = new Data(layer, seed: 11, masked);
        var fused = data.Gradients(layer, (x, m, k) => layer.forward(x, m, k));
        var stepwise = data.Gradients(layer, layer.ForwardStepwise);
        Assert.AreEqual(stepwise.Count, fused.Count);
        foreach (var (name, expected) in stepwise)
            AssertRelative(expected, fused[name], 1e-4, name);
    }

    [TestMethod]
    public void FusedFloat32GradientsAgreeWithFloat64Autograd()
    {
        // The float64 op-by-op gradients are checked against finite differences in MultiPlasticityLayerTests; float32
        // rounding over nine steps stays far below the tolerance.
        using var layer = Layer(HebbianActivation.Tanh, true, true, true, 0.15, seed: 13);
        using var wide = Layer(HebbianActivation.Tanh, true, true, true, 0.15, seed: 13);
        wide.to(ScalarType.Float64);
        var data = new Data(layer, seed: 17, masked: true);
        var fused = data.Gradients(layer, (x, m, k) => layer.forward(x, m, k));
        var exact = data.Gradients(wide, (x, m, k) => wide.forward(x, m, k), ScalarType.Float64);
        foreach (var (name, expected) in exact)
            AssertRelative(expected, fused[name], 2e-4, name);
    }

    [TestMethod]
    public void FusedGradientsAgreeWithFiniteDifferencesOfTheFusedForward()
    {
        // Directional derivatives: for each tensor θ and a random direction v, the central difference
        // D(ε) = (L(θ + εv) − L(θ − εv)) / 2ε, extrapolated (4·D(ε/2) − D(ε)) / 3 to cancel its ε² error, against
        // ⟨∂L/∂θ, v⟩. Everything runs in float32 through the fused path; the loss is summed in float64. Plain D(1e-2)
        // is off by ~0.5% here (nine steps of tanh with η = 0.4 curve strongly); extrapolated, the error is O(ε⁴) plus
        // float32 rounding of the forward, ~1e-7·Σ|terms|/ε ≈ 1e-4, so 1e-3 relative (of at least 1) passes a correct
        // gradient and fails one that drops or mis-scales a term (that moves it by O(1)).
        using var layer = Layer(HebbianActivation.Tanh, true, true, true, 0, seed: 19);
        var data = new Data(layer, seed: 23, masked: true);
        var gradients = data.Gradients(layer, (x, m, k) => layer.forward(x, m, k));
        var random = new Random(29);
        const double epsilon = 1e-2;
        var tensors = layer.named_parameters().Select(p => (p.name, (Func<float[]>)(() => p.parameter.data<float>().ToArray()), (Action<float[]>)(v => Set(p.parameter, v))))
            .Append(("inputs", () => data.Inputs, v => data.Inputs = v))
            .Append(("trace", () => data.Trace, v => data.Trace = v));
        foreach (var (name, get, set) in tensors)
        {
            var original = get();
            var direction = original.Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            double Shifted(double sign)
            {
                set(original.Zip(direction, (o, d) => (float)(o + sign * epsilon * d)).ToArray());
                var loss = data.Loss(layer);
                set(original);
                return loss;
            }
            var coarse = (Shifted(1) - Shifted(-1)) / (2 * epsilon);
            var fine = (Shifted(0.5) - Shifted(-0.5)) / epsilon;
            var numeric = (4 * fine - coarse) / 3;
            var analytic = gradients[name].Zip(direction, (g, d) => (double)g * d).Sum();
            Assert.AreEqual(numeric, analytic, 1e-3 * Math.Max(1, Math.Abs(numeric)), $"∂L/∂{name} along a random direction");
        }
    }

    [TestMethod]
    public void ResultsDoNotDependOnTheNumberOfThreads()
    {
        using var layer = Layer(HebbianActivation.Tanh, true, true, true, 0.15, seed: 31);
        var data = new Data(layer, seed: 37, masked: true);
        var threads = get_num_threads();
        try
        {
            set_num_threads(1);
            var one = data.Gradients(layer, (x, m, k) => layer.forward(x, m, k));
            set_num_threads(2);
            var two = data.Gradients(layer, (x, m, k) => layer.forward(x, m, k));
            foreach (var (name, values) in one)
                CollectionAssert.AreEqual(values, two[name], $"∂L/∂{name}");
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private static MultiPlasticityLayer Layer(HebbianActivation activation, bool biasInput, bool learnDecay, bool learnRate, double bound, int seed)
    {
        var options = new MultiPlasticityOptions
        {
            HiddenSize = Hidden,
            Activation = activation,
            BiasInput = biasInput,
            Decay = 0.85,
            HebbianRate = 0.4,
            LearnDecay = learnDecay,
            LearnHebbianRate = learnRate,
            TraceBound = bound > 0 ? bound : null,
        };
        using var generator = new Generator((ulong)seed);
        return new MultiPlasticityLayer(InputSize, options, generator);
    }

    private static void Set(Tensor parameter, float[] values)
    {
        using (no_grad())
        using (var source = tensor(values, parameter.shape))
            parameter.copy_(source);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string name)
    {
        CollectionAssert.AreEqual(expected.shape, actual.shape, name);
        var e = expected.contiguous().data<float>().ToArray();
        var a = actual.contiguous().data<float>().ToArray();
        for (var k = 0; k < e.Length; k++)
            Assert.AreEqual(e[k], a[k], tolerance, $"{name}, entry {k}");
    }

    /// <summary>|a − e| ≤ tolerance·max(|e|, 1e-2·max|e|): relative, with a floor for entries that cancel to near zero.</summary>
    private static void AssertRelative(float[] expected, float[] actual, double tolerance, string name)
    {
        Assert.AreEqual(expected.Length, actual.Length, name);
        var scale = expected.Max(Math.Abs);
        Assert.IsTrue(scale > 0, $"∂L/∂{name} is not all zero");
        for (var k = 0; k < expected.Length; k++)
            Assert.AreEqual(expected[k], actual[k], tolerance * Math.Max(Math.Abs(expected[k]), 1e-2 * scale), $"∂L/∂{name}[{k}]");
    }

    /// <summary>Inputs, an initial trace, a keep mask and the loss weights for one layer: L = Σ h ⊙ R + Σ M_T ⊙ S.</summary>
    private sealed class Data
    {
        private readonly int columns;
        private readonly float[] hiddenWeights;
        private readonly float[] traceWeights;
        private readonly float[]? keep;

        public Data(MultiPlasticityLayer layer, int seed, bool masked)
        {
            columns = layer.Columns;
            var random = new Random(seed);
            float[] Draw(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
            Inputs = Draw(Steps * Batch * InputSize, 1.5);
            Trace = Draw(Batch * Hidden * columns, 0.1);
            hiddenWeights = Draw(Steps * Batch * Hidden, 1);
            traceWeights = Draw(Batch * Hidden * columns, 1);
            if (masked)
            {
                keep = Enumerable.Repeat(1f, Steps * Batch).ToArray();
                keep[3 * Batch + 1] = 0; // sequence 1 starts an episode before step 3
                keep[0 * Batch + 2] = 0; // sequence 2 before step 0, dropping its initial trace
                keep[6 * Batch + 2] = 0;
            }
        }

        public float[] Inputs { get; set; }

        public float[] Trace { get; set; }

        public Tensor X(ScalarType type = ScalarType.Float32) => tensor(Inputs, [Steps, Batch, InputSize]).to(type);

        public Tensor M0(ScalarType type = ScalarType.Float32) => tensor(Trace, [Batch, Hidden, columns]).to(type);

        public Tensor? Keep(ScalarType type = ScalarType.Float32) => keep is null ? null : tensor(keep, [Steps, Batch]).to(type);

        private Tensor LossOf(Tensor h, Tensor m) =>
            (h.to(ScalarType.Float64) * tensor(hiddenWeights, [Steps, Batch, Hidden]).to(ScalarType.Float64)).sum()
            + (m.to(ScalarType.Float64) * tensor(traceWeights, [Batch, Hidden, columns]).to(ScalarType.Float64)).sum();

        public double Loss(MultiPlasticityLayer layer)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var (h, m) = layer.forward(X(), M0(), Keep());
            return LossOf(h, m).item<double>();
        }

        /// <summary>∂L/∂θ of every parameter, the inputs and the initial trace, through <paramref name="forward"/>.</summary>
        public Dictionary<string, float[]> Gradients(
            MultiPlasticityLayer layer, Func<Tensor, Tensor, Tensor?, (Tensor, Tensor)> forward, ScalarType type = ScalarType.Float32)
        {
            using var scope = NewDisposeScope();
            layer.zero_grad();
            var x = X(type).requires_grad_(true);
            var m0 = M0(type).requires_grad_(true);
            var (h, m) = forward(x, m0, Keep(type));
            LossOf(h, m).backward();
            var result = layer.named_parameters().ToDictionary(p => p.name, p => Floats(p.parameter.grad!));
            result["inputs"] = Floats(x.grad!);
            result["trace"] = Floats(m0.grad!);
            return result;
        }

        private static float[] Floats(Tensor t) => t.to(ScalarType.Float32).contiguous().data<float>().ToArray();
    }
}
