using Synaptic.ML.Torch;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Torch;

/// <summary>
/// The oneDNN cap for AMD Zen 5: taken exactly where the processor is affected, and two identical backward passes
/// through two convolutions on two threads give the same gradients (they did not, on Zen 5, without it).
/// </summary>
[TestClass]
public sealed class OneDnnInstructionSetTests
{
    [TestMethod]
    public void TheCapIsTakenExactlyOnAmdProcessorsWithVp2Intersect()
    {
        Assert.AreEqual(CpuVendor.Amd && CpuVendor.HasAvx512Vp2Intersect, OneDnnInstructionSet.Affected);
        if (Environment.GetEnvironmentVariable(OneDnnInstructionSet.Variable) is null)
            Assert.AreEqual(OneDnnInstructionSet.Affected, OneDnnInstructionSet.Capped);
        else
            Assert.IsFalse(OneDnnInstructionSet.Capped, "a variable the process set itself is left alone");
    }

    [TestMethod]
    public void TwoConvolutionsBackwardOnTwoThreadsGiveTheSameGradientsTwice()
    {
        var threads = get_num_threads();
        set_num_threads(2);
        try
        {
            using var generator = new Generator(4);
            for (var trial = 0; trial < 40; trial++)
            {
                using var scope = NewDisposeScope();
                var w1 = randn([3, 1, 3, 3], generator: generator) * 0.3;
                var w2 = randn([5, 3, 3, 3], generator: generator) * 0.3;
                var images = rand([4, 1, 8, 8], generator: generator);
                var first = Gradient(w1, w2, images);
                var second = Gradient(w1, w2, images);
                Assert.IsTrue(first.All(float.IsFinite), $"trial {trial}: a non-finite gradient");
                CollectionAssert.AreEqual(first, second, $"trial {trial}: the same backward pass gave other gradients");
            }
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    // The first convolution's weight gradient through conv → ReLU → max-pool → conv → ReLU → max-pool.
    private static float[] Gradient(Tensor w1, Tensor w2, Tensor images)
    {
        using var scope = NewDisposeScope();
        var p1 = w1.clone().requires_grad_();
        var p2 = w2.clone().requires_grad_();
        var h = nn.functional.max_pool2d(nn.functional.relu(nn.functional.conv2d(images, p1, padding: [1, 1])), 2);
        var y = nn.functional.max_pool2d(nn.functional.relu(nn.functional.conv2d(h, p2, padding: [1, 1])), 2);
        var weights = arange(y.numel(), dtype: ScalarType.Float32).reshape(y.shape) / y.numel();
        (y * weights).sum().backward();
        return p1.grad!.data<float>().ToArray();
    }
}
