using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Networks;

/// <summary>
/// The forwards that take their parameters as arguments (for MAML) compute exactly what the modules compute,
/// and carry gradients to the tensors passed in as autograd through the module does.
/// </summary>
[TestClass]
public sealed class FunctionalForwardTests
{
    [TestMethod]
    [DataRow(HiddenActivation.Tanh)]
    [DataRow(HiddenActivation.ReLU)]
    public void MlpForwardWithItsOwnParametersEqualsTheModule(HiddenActivation activation)
    {
        var options = new MlpPolicyOptions { HiddenSizes = [8, 6], Activation = activation };
        using var generator = new Generator(4);
        using var module = options.CreateActor(5, 3, generator);
        using var input = randn(7, 5, generator: generator);
        AssertSameValuesAndGradients(module, parameters => options.Forward(input, parameters), () => module.forward(input));
    }

    [TestMethod]
    public void ConvBackboneForwardWithItsOwnParametersEqualsTheModule()
    {
        var options = new ConvBackboneOptions { Channels = [3, 5], KernelSize = 3, Padding = 1 };
        using var generator = new Generator(4);
        using var module = options.Create(8, 8, generator);
        using var images = rand([4, 1, 8, 8], generator: generator);
        AssertSameValuesAndGradients(module, parameters => options.Forward(images, parameters), () => module.forward(images));
    }

    [TestMethod]
    public void ForwardWithOtherParametersUsesThem()
    {
        // A one-layer MLP is affine: with W = I and b = 1 it adds one to its input.
        var options = new MlpPolicyOptions { HiddenSizes = [] };
        using var input = tensor(new[] { 1f, -2f, 3f }, [1, 3]);
        using var output = options.Forward(input, [eye(3), ones(3)]);
        CollectionAssert.AreEqual(new[] { 2f, -1f, 4f }, output.data<float>().ToArray());
    }

    [TestMethod]
    public void ForwardRefusesAMissingTensor()
    {
        var options = new ConvBackboneOptions { Channels = [3, 5] };
        var thrown = Assert.ThrowsExactly<ArgumentException>(() => options.Forward(zeros(1, 1, 28, 28), [zeros(3, 1, 5, 5), zeros(3), zeros(5, 3, 5, 5)]));
        StringAssert.Contains(thrown.Message, "3 parameter tensors");
        StringAssert.Contains(thrown.Message, "4 tensors");
    }

    /// <summary>
    /// The functional forward over copies of the module's parameters gives the module's output bit for bit, and
    /// a loss through it gives the copies the gradients the module's own parameters get.
    /// </summary>
    private static void AssertSameValuesAndGradients(nn.Module module, Func<IReadOnlyList<Tensor>, Tensor> functional, Func<Tensor> forward)
    {
        var own = module.parameters().ToArray();
        var copies = own.Select(p => p.detach().clone().requires_grad_(true)).ToArray();
        var expected = forward();
        var actual = functional(copies);
        CollectionAssert.AreEqual(expected.shape, actual.shape);
        CollectionAssert.AreEqual(expected.detach().data<float>().ToArray(), actual.detach().data<float>().ToArray(), "values");

        // A loss that weighs outputs differently, so every parameter gets a distinct gradient.
        using var weights = arange(expected.numel(), dtype: ScalarType.Float32).reshape(expected.shape) / expected.numel();
        (expected * weights).sum().backward();
        (actual * weights).sum().backward();
        for (var i = 0; i < own.Length; i++)
        {
            Assert.IsNotNull(copies[i].grad, $"parameter {i} got no gradient");
            Assert.IsTrue(copies[i].grad!.abs().sum().item<float>() > 0, $"parameter {i} has a zero gradient");
            CollectionAssert.AreEqual(own[i].grad!.data<float>().ToArray(), copies[i].grad!.data<float>().ToArray(), $"gradient of parameter {i}");
        }
    }
}
