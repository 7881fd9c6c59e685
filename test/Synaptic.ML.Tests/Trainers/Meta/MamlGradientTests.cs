using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers.Meta;

/// <summary>
/// MAML's meta-gradient held to independent truths: central finite differences of the meta-loss in float64 (second
/// order), the theory's forms of the first- and second-order gradients (∇L_q(φ) and (I − αH_s)∇L_q(φ) for one inner
/// step, with H_s·v from a separate double backward), and Meta-SGD's gradient for its learned rates.
/// </summary>
[TestClass]
public sealed class MamlGradientTests
{
    private const int Ways = 3;
    private const int Side = 6;

    /// <summary>A tiny artificial network in float64 and a fixed 3-way task: support and query images with their labels.</summary>
    private static (MamlNetwork Network, Tensor Support, Tensor SupportLabels, Tensor Query, Tensor QueryLabels) Task(bool learnRates = false, double alpha = 0.5)
    {
        var network = new MamlNetwork(new ConvBackboneOptions { Channels = [2], KernelSize = 3, Padding = 1 }, Side, Side, Ways, alpha, learnRates, seed: 7);
        network.to(float64);
        var generator = new Generator(11);
        var support = rand([6, 1, Side, Side], float64, generator: generator);
        var query = rand([9, 1, Side, Side], float64, generator: generator);
        return (network, support, tensor(new long[] { 0, 0, 1, 1, 2, 2 }), query, tensor(new long[] { 0, 0, 0, 1, 1, 1, 2, 2, 2 }));
    }

    private static Tensor MetaLoss(MamlNetwork network, Tensor support, Tensor supportLabels, Tensor query, Tensor queryLabels, int steps, MamlGradient mode) =>
        nn.functional.cross_entropy(network.Logits(query, network.Adapt(support, supportLabels, steps, mode)), queryLabels);

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void SecondOrderMetaGradientsAgreeWithFiniteDifferences(int steps)
    {
        var (network, support, supportLabels, query, queryLabels) = Task();
        var weights = network.Weights;
        var loss = MetaLoss(network, support, supportLabels, query, queryLabels, steps, MamlGradient.SecondOrder);
        var analytic = autograd.grad([loss], weights.ToArray<Tensor>());
        const double h = 1e-6;
        var checkedCount = 0;
        for (var p = 0; p < weights.Count; p++)
        {
            var flat = weights[p].detach().view(-1);
            var grad = analytic[p].reshape(-1);
            for (var j = 0; j < flat.shape[0]; j += Math.Max(1, (int)flat.shape[0] / 6))
            {
                double Value(double delta)
                {
                    using (no_grad())
                        flat[j].add_(delta);
                    var value = MetaLoss(network, support, supportLabels, query, queryLabels, steps, MamlGradient.SecondOrder).item<double>();
                    using (no_grad())
                        flat[j].sub_(delta);
                    return value;
                }
                var numeric = (Value(h) - Value(-h)) / (2 * h);
                var exact = grad[j].item<double>();
                Assert.AreEqual(numeric, exact, 1e-6 + 1e-5 * Math.Abs(numeric), $"parameter {p} [{j}] after {steps} inner step(s)");
                checkedCount++;
            }
        }
        Assert.IsTrue(checkedCount >= 15, $"only {checkedCount} coordinates were checked");
    }

    [TestMethod]
    public void FirstOrderIsTheQueryGradientAtTheAdaptedWeightsAndSecondOrderAddsTheSupportHessianTerm()
    {
        const double alpha = 0.5;
        var (network, support, supportLabels, query, queryLabels) = Task(alpha: alpha);
        var theta = network.Weights.ToArray<Tensor>();

        // Independently: φ = θ − α∇L_s(θ) as leaves, g = ∇L_q(φ), and H_s·g by a double backward of L_s at θ.
        var supportLoss = nn.functional.cross_entropy(network.Logits(support, theta), supportLabels);
        var supportGradient = autograd.grad([supportLoss], theta, retain_graph: true, create_graph: true);
        var phi = theta.Select((w, i) => (w - alpha * supportGradient[i]).detach().requires_grad_(true)).ToArray();
        var g = autograd.grad([nn.functional.cross_entropy(network.Logits(query, phi), queryLabels)], phi);
        var dot = supportGradient.Select((s, i) => (s * g[i]).sum()).Aggregate((a, b) => a + b);
        var hessianTimesG = autograd.grad([dot], theta);

        var firstOrder = autograd.grad([MetaLoss(network, support, supportLabels, query, queryLabels, 1, MamlGradient.FirstOrder)], theta);
        var secondOrder = autograd.grad([MetaLoss(network, support, supportLabels, query, queryLabels, 1, MamlGradient.SecondOrder)], theta);
        double difference = 0, size = 0;
        for (var i = 0; i < theta.Length; i++)
        {
            AssertClose(g[i], firstOrder[i], $"first order, tensor {i}");
            AssertClose(g[i] - alpha * hessianTimesG[i], secondOrder[i], $"second order, tensor {i}");
            difference += (secondOrder[i] - firstOrder[i]).abs().sum().item<double>();
            size += firstOrder[i].abs().sum().item<double>();
        }
        // The Hessian term is not negligible here, so the two orders differ where theory says they should.
        Assert.IsTrue(difference > 0.01 * size, $"second order differs from first order by {difference} against a gradient of size {size}");
    }

    [TestMethod]
    public void MetaSgdLearnsEachRateWithTheGradientTheChainRuleGives()
    {
        // One inner step φ = θ − α ⊙ ∇L_s(θ): ∂L_q/∂α = −∇L_s(θ) ⊙ ∇L_q(φ), in both orders.
        var (network, support, supportLabels, query, queryLabels) = Task(learnRates: true, alpha: 0.3);
        var theta = network.Weights.ToArray<Tensor>();
        var rates = network.InnerLearningRates.ToArray<Tensor>();
        Assert.AreEqual(theta.Length, rates.Length);
        var supportGradient = autograd.grad([nn.functional.cross_entropy(network.Logits(support, theta), supportLabels)], theta);
        var phi = theta.Select((w, i) => (w - rates[i] * supportGradient[i]).detach().requires_grad_(true)).ToArray();
        var g = autograd.grad([nn.functional.cross_entropy(network.Logits(query, phi), queryLabels)], phi);
        foreach (var mode in new[] { MamlGradient.FirstOrder, MamlGradient.SecondOrder })
        {
            var rateGradients = autograd.grad([MetaLoss(network, support, supportLabels, query, queryLabels, 1, mode)], rates);
            for (var i = 0; i < rates.Length; i++)
                AssertClose(-supportGradient[i] * g[i], rateGradients[i], $"{mode}, rate {i}");
        }
    }

    [TestMethod]
    public void TestTimeAdaptationLeavesTheMetaParametersOffTheGraphAndEqualsTheFirstOrderSteps()
    {
        var (network, support, supportLabels, _, _) = Task();
        var adapted = network.Adapt(support, supportLabels, 3, MamlGradient.None);
        var reference = network.Adapt(support, supportLabels, 3, MamlGradient.FirstOrder);
        for (var i = 0; i < adapted.Count; i++)
        {
            Assert.IsTrue(adapted[i].is_leaf, $"tensor {i} is on a graph");
            AssertClose(reference[i].detach(), adapted[i].detach(), $"tensor {i}");
        }
    }

    [TestMethod]
    public void TheSpikingBackboneTakesSecondOrderStepsWithAHessianTerm()
    {
        var backbone = new SpikingConvBackboneOptions { Channels = [4], KernelSize = 3, Padding = 1, TimeSteps = 4, Threshold = 0.3 };
        var network = new MamlNetwork(backbone, Side, Side, Ways, 0.5, false, seed: 3);
        var generator = new Generator(5);
        var support = rand([6, 1, Side, Side], generator: generator);
        var query = rand([9, 1, Side, Side], generator: generator);
        var supportLabels = tensor(new long[] { 0, 0, 1, 1, 2, 2 });
        var queryLabels = tensor(new long[] { 0, 0, 0, 1, 1, 1, 2, 2, 2 });
        var theta = network.Weights.ToArray<Tensor>();
        var firstOrder = autograd.grad([MetaLoss(network, support, supportLabels, query, queryLabels, 1, MamlGradient.FirstOrder)], theta);
        var secondOrder = autograd.grad([MetaLoss(network, support, supportLabels, query, queryLabels, 1, MamlGradient.SecondOrder)], theta);
        var difference = theta.Select((_, i) => (secondOrder[i] - firstOrder[i]).abs().sum().item<float>()).Sum();
        Assert.IsTrue(firstOrder.All(t => t.isfinite().all().item<bool>()) && secondOrder.All(t => t.isfinite().all().item<bool>()));
        Assert.IsTrue(difference > 0, "the second-order gradient through the spiking backbone has no Hessian term");
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var error = (expected - actual).abs().max().item<double>();
        var scale = expected.abs().max().item<double>();
        Assert.IsTrue(error <= 1e-9 + 1e-7 * scale, $"{what}: max |difference| {error:E3} against max |value| {scale:E3}");
    }
}
