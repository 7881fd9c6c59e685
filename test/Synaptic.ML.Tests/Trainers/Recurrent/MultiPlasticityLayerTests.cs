using Synaptic.ML.Plasticity;
using Synaptic.ML.Torch;
using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers.Recurrent;

/// <summary>The TorchSharp multi-plasticity layer against the managed rule, finite differences and hand computations.</summary>
[TestClass]
public sealed class MultiPlasticityLayerTests
{
    [ClassInitialize]
    public static void Initialize(TestContext context) => TorchRuntime.EnsureAvailable();

    [TestMethod]
    [DataRow(HebbianActivation.Tanh, false)]
    [DataRow(HebbianActivation.Identity, false)]
    [DataRow(HebbianActivation.Tanh, true)]
    public void AgreesWithTheManagedRuleStepByStep(HebbianActivation activation, bool biasInput)
    {
        const int inputs = 3, hidden = 5, steps = 12, batch = 2;
        var options = new MultiPlasticityOptions { HiddenSize = hidden, Activation = activation, Decay = 0.9, HebbianRate = 0.1, BiasInput = biasInput };
        using var generator = new Generator(7);
        using var layer = new MultiPlasticityLayer(inputs, options, generator);
        var random = new Random(3);
        var x = Enumerable.Range(0, steps * batch * inputs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        using var scope = NewDisposeScope();
        var (h, m) = layer.forward(tensor(x, [steps, batch, inputs]), layer.InitialTrace(batch));
        var torchHidden = h.data<float>().ToArray();
        var torchTrace = m.data<float>().ToArray();
        var columns = layer.Columns;
        Assert.AreEqual(inputs + (biasInput ? 1 : 0), columns);

        for (var b = 0; b < batch; b++)
        {
            // The managed rule on the same W and b; the bias input is a constant last input to it.
            var managed = new HebbianMultiPlasticity(columns, hidden, new HebbianMultiPlasticity.Options { Decay = 0.9f, LearningRate = 0.1f, Activation = activation });
            layer.Weight.data<float>().ToArray().CopyTo(managed.Weights);
            layer.Bias.data<float>().ToArray().CopyTo(managed.Bias);
            var input = new float[columns];
            var output = new float[hidden];
            for (var t = 0; t < steps; t++)
            {
                x.AsSpan((t * batch + b) * inputs, inputs).CopyTo(input);
                if (biasInput)
                    input[^1] = 1;
                managed.Forward(input, output);
                for (var i = 0; i < hidden; i++)
                    Assert.AreEqual(output[i], torchHidden[(t * batch + b) * hidden + i], 1e-5, $"h[{t}, {b}, {i}]");
            }
            for (var k = 0; k < hidden * columns; k++)
                Assert.AreEqual(managed.Trace[k], torchTrace[b * hidden * columns + k], 1e-5, $"M[{b}], entry {k}");
        }
    }

    [TestMethod]
    public void GradientsAgreeWithFiniteDifferences()
    {
        const int inputs = 2, hidden = 3, steps = 6, batch = 2;
        var options = new MultiPlasticityOptions
        {
            HiddenSize = hidden,
            Decay = 0.8,
            HebbianRate = 0.3,
            LearnDecay = true,
            LearnHebbianRate = true,
        };
        using var generator = new Generator(11);
        using var layer = new MultiPlasticityLayer(inputs, options, generator);
        layer.to(ScalarType.Float64);
        var random = new Random(5);
        double[] Draw(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var x = Draw(steps * batch * inputs);
        var hiddenWeights = Draw(steps * batch * hidden);
        var traceWeights = Draw(batch * hidden * layer.Columns);

        // L = Σ h ⊙ R + Σ M_T ⊙ S: every step's hidden state and the final trace reach the loss.
        double Loss(Tensor? input = null)
        {
            using var scope = NewDisposeScope();
            var xs = input ?? tensor(x, [steps, batch, inputs], ScalarType.Float64);
            var (h, m) = layer.forward(xs, layer.InitialTrace(batch).to(ScalarType.Float64));
            var loss = (h * tensor(hiddenWeights, [steps, batch, hidden], ScalarType.Float64)).sum()
                + (m * tensor(traceWeights, [batch, hidden, layer.Columns], ScalarType.Float64)).sum();
            if (input is not null)
            {
                loss.backward();
                return 0;
            }
            return loss.item<double>();
        }

        using var inputTensor = tensor(x, [steps, batch, inputs], ScalarType.Float64).requires_grad_(true);
        layer.zero_grad();
        Loss(inputTensor);
        const double epsilon = 1e-6;
        foreach (var (name, parameter) in layer.named_parameters())
        {
            var analytic = parameter.grad!.data<double>().ToArray();
            Assert.IsTrue(analytic.Any(g => g != 0), $"{name} gets a gradient");
            for (var k = 0; k < analytic.Length; k++)
            {
                double Shifted(double delta)
                {
                    using (no_grad())
                        parameter.view(-1)[k].add_(delta);
                    var value = Loss();
                    using (no_grad())
                        parameter.view(-1)[k].sub_(delta);
                    return value;
                }
                var numeric = (Shifted(epsilon) - Shifted(-epsilon)) / (2 * epsilon);
                Assert.AreEqual(numeric, analytic[k], 1e-6 + 1e-5 * Math.Abs(numeric), $"∂L/∂{name}[{k}]");
            }
        }
        var inputGradient = inputTensor.grad!.data<double>().ToArray();
        for (var k = 0; k < x.Length; k += 3)
        {
            var saved = x[k];
            x[k] = saved + epsilon;
            var up = Loss();
            x[k] = saved - epsilon;
            var down = Loss();
            x[k] = saved;
            Assert.AreEqual((up - down) / (2 * epsilon), inputGradient[k], 1e-6 + 1e-5 * Math.Abs(inputGradient[k]), $"∂L/∂x[{k}]");
        }
    }

    [TestMethod]
    public void TheTraceIsClippedToItsBoundAfterEachUpdate()
    {
        const int inputs = 2, hidden = 3, steps = 8;
        var options = new MultiPlasticityOptions { HiddenSize = hidden, Decay = 0.99, HebbianRate = 0.5, TraceBound = 0.3, BiasInput = false };
        using var generator = new Generator(2);
        using var layer = new MultiPlasticityLayer(inputs, options, generator);
        var w = layer.Weight.data<float>().ToArray();
        var bias = layer.Bias.data<float>().ToArray();
        var x = Enumerable.Range(0, steps * inputs).Select(i => (float)Math.Sin(i + 1)).ToArray();
        using var scope = NewDisposeScope();
        var (_, m) = layer.forward(tensor(x, [steps, 1, inputs]), layer.InitialTrace(1));

        // The rule by hand, clipping M after every update.
        var trace = new double[hidden * inputs];
        var clipped = false;
        for (var t = 0; t < steps; t++)
        {
            var h = new double[hidden];
            for (var i = 0; i < hidden; i++)
            {
                var drive = (double)bias[i];
                for (var j = 0; j < inputs; j++)
                    drive += w[i * inputs + j] * (trace[i * inputs + j] + 1) * x[t * inputs + j];
                h[i] = Math.Tanh(drive);
            }
            for (var i = 0; i < hidden; i++)
            {
                for (var j = 0; j < inputs; j++)
                {
                    var value = 0.99 * trace[i * inputs + j] + 0.5 * h[i] * x[t * inputs + j];
                    clipped |= Math.Abs(value) > 0.3;
                    trace[i * inputs + j] = Math.Clamp(value, -0.3, 0.3);
                }
            }
        }
        Assert.IsTrue(clipped, "the bound is reached in this sequence");
        var result = m.data<float>().ToArray();
        for (var k = 0; k < trace.Length; k++)
            Assert.AreEqual(trace[k], result[k], 1e-5, $"M entry {k}");
        Assert.IsTrue(result.All(v => Math.Abs(v) <= 0.3f + 1e-7f));
    }

    [TestMethod]
    public void AZeroInTheKeepMaskStartsThatSequenceAfresh()
    {
        const int inputs = 2, steps = 7, batch = 2, restart = 3;
        using var generator = new Generator(4);
        using var layer = new MultiPlasticityLayer(inputs, new MultiPlasticityOptions { HiddenSize = 4 }, generator);
        var x = Enumerable.Range(0, steps * batch * inputs).Select(i => (float)Math.Cos(0.7 * i)).ToArray();
        var keep = Enumerable.Repeat(1f, steps * batch).ToArray();
        keep[restart * batch + 1] = 0;
        using var scope = NewDisposeScope();
        var inputsTensor = tensor(x, [steps, batch, inputs]);
        var (masked, _) = layer.forward(inputsTensor, layer.InitialTrace(batch), tensor(keep, [steps, batch]));
        var (fresh, _) = layer.forward(inputsTensor.narrow(0, restart, steps - restart).narrow(1, 1, 1).contiguous(), layer.InitialTrace(1));
        var (carried, _) = layer.forward(inputsTensor, layer.InitialTrace(batch));
        var a = masked.narrow(0, restart, steps - restart).narrow(1, 1, 1).contiguous().data<float>().ToArray();
        CollectionAssert.AreEqual(fresh.data<float>().ToArray(), a, "sequence 1 restarts at step 3");
        CollectionAssert.AreEqual(carried.narrow(1, 0, 1).contiguous().data<float>().ToArray(), masked.narrow(1, 0, 1).contiguous().data<float>().ToArray(),
            "sequence 0 is untouched");
        Assert.IsFalse(a.SequenceEqual(carried.narrow(0, restart, steps - restart).narrow(1, 1, 1).contiguous().data<float>().ToArray()), "the memory mattered");
    }

    [TestMethod]
    public void LearnedDecayAndRateStartAtTheirOptions()
    {
        using var generator = new Generator(1);
        using var layer = new MultiPlasticityLayer(3, new MultiPlasticityOptions { Decay = 0.93, HebbianRate = 0.07, LearnDecay = true, LearnHebbianRate = true }, generator);
        Assert.AreEqual(0.93, layer.Decay, 1e-6);
        Assert.AreEqual(0.07, layer.HebbianRate, 1e-7);
        Assert.AreEqual(4, layer.parameters().Count(), "W, b, the decay's logit and η");
        using var fixedLayer = new MultiPlasticityLayer(3, new MultiPlasticityOptions(), generator);
        Assert.AreEqual(2, fixedLayer.parameters().Count(), "W and b only");
    }

    [TestMethod]
    [DataRow(1.0, 0.05, "Decay")]
    [DataRow(-0.1, 0.05, "Decay")]
    [DataRow(0.9, double.NaN, "HebbianRate")]
    [DataRow(0.9, double.PositiveInfinity, "HebbianRate")]
    public void BadDecayOrRateIsNamed(double decay, double rate, string name)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MultiPlasticityLayer(2, new MultiPlasticityOptions { Decay = decay, HebbianRate = rate }));
        Assert.AreEqual(name, error.ParamName);
    }

    [TestMethod]
    public void AnInputOfAnotherSizeIsNamed()
    {
        using var layer = new MultiPlasticityLayer(3, new MultiPlasticityOptions { HiddenSize = 4 });
        using var scope = NewDisposeScope();
        var error = Assert.ThrowsExactly<ArgumentException>(() => layer.forward(zeros(5, 2, 4), layer.InitialTrace(2)));
        StringAssert.Contains(error.Message, "[5, 2, 4]");
        StringAssert.Contains(error.Message, "[T, B, 3]");
        var trace = Assert.ThrowsExactly<ArgumentException>(() => layer.Step(zeros(2, 3), zeros(2, 4, 3)));
        StringAssert.Contains(trace.Message, "[2, 4, 4]");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MultiPlasticityOptions { TraceBound = 0 }.Validate());
    }
}
