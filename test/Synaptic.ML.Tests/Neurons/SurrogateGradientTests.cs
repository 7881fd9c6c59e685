using Synaptic.ML.Neurons.Surrogates;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Neurons;

[TestClass]
public sealed class SurrogateGradientTests
{
    private static readonly float[] Points = [-2f, -0.3f, -0.01f, 0f, 0.01f, 0.25f, 1.5f];

    [TestInitialize]
    public void Initialize() => TorchRuntime.EnsureAvailable();

    public static IEnumerable<object[]> Surrogates() =>
    [
        ["fast_sigmoid", new FastSigmoid(25), (Func<double, double>)(x => 1 / Math.Pow(25 * Math.Abs(x) + 1, 2))],
        ["fast_sigmoid k=10", new FastSigmoid(10), (Func<double, double>)(x => 1 / Math.Pow(10 * Math.Abs(x) + 1, 2))],
        // d/dx arctan(π α x / 2) / π = (α/2) / (1 + (π α x / 2)²)
        ["atan", new ArcTan(2), (Func<double, double>)(x => 1 / (1 + Math.Pow(Math.PI * x, 2)))],
        // d/dx σ(k x) = k σ(k x)(1 − σ(k x))
        ["sigmoid", new Sigmoid(5), (Func<double, double>)(x => { var s = 1 / (1 + Math.Exp(-5 * x)); return 5 * s * (1 - s); })],
        ["triangular", new Triangular(0.5), (Func<double, double>)(x => x < 0 ? 0.5 : -0.5)],
        ["straight_through", new StraightThrough(), (Func<double, double>)(_ => 1)],
        ["custom", new CustomSurrogate(x => (-x.square()).exp()), (Func<double, double>)(x => Math.Exp(-x * x))],
    ];

    [TestMethod]
    [DynamicData(nameof(Surrogates))]
    public void ForwardIsStrictHeavisideAndBackwardIsTheSurrogateDerivative(string name, SurrogateGradient surrogate, Func<double, double> derivative)
    {
        using var scope = NewDisposeScope();
        var x = tensor(Points).requires_grad_();
        var upstream = tensor(Points.Select((_, i) => 1f + i).ToArray());
        var spikes = surrogate.Spike(x);
        (spikes * upstream).sum().backward();

        // snnTorch fires only when U − θ > 0: a membrane exactly at threshold stays silent.
        CollectionAssert.AreEqual(Points.Select(p => p > 0 ? 1f : 0f).ToArray(), spikes.data<float>().ToArray(), name);
        var gradient = x.grad!.data<float>().ToArray();
        for (var i = 0; i < Points.Length; i++)
        {
            var expected = (1 + i) * derivative(Points[i]);
            Assert.AreEqual(expected, gradient[i], 1e-5 * Math.Max(1, Math.Abs(expected)), $"{name} at {Points[i]}");
        }
    }

    [TestMethod]
    public void SpikesKeepTheInputTypeAndShape()
    {
        using var scope = NewDisposeScope();
        var x = randn(3, 4, dtype: ScalarType.Float64);
        var spikes = new FastSigmoid().Spike(x);
        Assert.AreEqual(ScalarType.Float64, spikes.dtype);
        CollectionAssert.AreEqual(new long[] { 3, 4 }, spikes.shape);
    }

    [TestMethod]
    public void InvalidParametersAreRefusedWithTheirName()
    {
        Assert.AreEqual("slope", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new FastSigmoid(0)).ParamName);
        Assert.AreEqual("slope", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Sigmoid(double.NaN)).ParamName);
        Assert.AreEqual("alpha", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ArcTan(-1)).ParamName);
        Assert.AreEqual("scale", Assert.ThrowsExactly<ArgumentException>(() => new Triangular(double.PositiveInfinity)).ParamName);
        Assert.ThrowsExactly<ArgumentNullException>(() => new CustomSurrogate(null!));
    }
}
