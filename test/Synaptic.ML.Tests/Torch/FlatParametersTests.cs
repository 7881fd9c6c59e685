using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Torch;

[TestClass]
public sealed class FlatParametersTests
{
    private static nn.Module<Tensor, Tensor> Network(long seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2));
    }

    [TestMethod]
    public void AdamOverTheFlatTensorTrainsExactlyAsAdamOverEachParameter()
    {
        using var scope = NewDisposeScope();
        var plain = Network(4);
        var flatNet = Network(4);
        using var flat = new FlatParameters(flatNet.parameters());
        using var plainAdam = new AdamOptimizer(plain.parameters(), epsilon: 1e-8);
        using var flatAdam = new AdamOptimizer(flat, epsilon: 1e-8);
        var x = randn(7, 3, generator: new Generator(1));
        var y = randn(7, 2, generator: new Generator(2));
        for (var step = 0; step < 5; step++)
        {
            foreach (var (net, adam) in new[] { (plain, plainAdam), (flatNet, flatAdam) })
            {
                adam.ZeroGrad();
                nn.functional.mse_loss(net.forward(x), y).backward();
                adam.Step(0.01);
            }
        }
        foreach (var (p, q) in plain.parameters().Zip(flatNet.parameters()))
            CollectionAssert.AreEqual(p.data<float>().ToArray(), q.data<float>().ToArray(), "element-by-element the same update");
        Assert.AreNotEqual(0f, (plain.parameters().First() - Network(4).parameters().First()).abs().sum().item<float>(), "training moved the weights");
    }

    [TestMethod]
    public void ClippingScalesTheGlobalNormAsTorchDoes()
    {
        using var scope = NewDisposeScope();
        var plain = Network(5);
        var flatNet = Network(5);
        using var flat = new FlatParameters(flatNet.parameters());
        var x = randn(7, 3, generator: new Generator(1));
        foreach (var net in new[] { plain, flatNet })
            (net.forward(x).pow(2).sum() * 100).backward();
        var expected = nn.utils.clip_grad_norm_(plain.parameters(), 0.5);
        var norm = flat.ClipGradientNorm(0.5);
        Assert.AreEqual(expected, norm, expected * 1e-5);
        foreach (var (p, q) in plain.parameters().Zip(flatNet.parameters()))
        {
            var a = p.grad!.data<float>().ToArray();
            var b = q.grad!.data<float>().ToArray();
            for (var i = 0; i < a.Length; i++)
                Assert.AreEqual(a[i], b[i], 1e-6 + 1e-5 * Math.Abs(a[i]));
        }
    }

    [TestMethod]
    public void LoadingWeightsKeepsTheParametersInTheFlatTensor()
    {
        using var scope = NewDisposeScope();
        var net = Network(6);
        var snapshot = ModuleSnapshot.Take(Network(7));
        using var flat = new FlatParameters(net.parameters());
        ModuleSnapshot.Restore(net, snapshot);
        CollectionAssert.AreEqual(Network(7).parameters().SelectMany(p => p.data<float>().ToArray()).ToArray(), flat.Values.data<float>().ToArray(),
            "the loaded weights are in the flat tensor, in order");
        using (no_grad())
            flat.Values.add_(1);
        CollectionAssert.AreEqual(flat.Values.data<float>().ToArray(), net.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray(),
            "the module reads the flat tensor");
    }
}
