using Synaptic.ML.Neurons;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Torch;

[TestClass]
public sealed class GeneratorDrawsTests
{
    /// <summary>
    /// The managed draws are libtorch's rand, bit for bit, across the twister's 624-word blocks, and the generator
    /// goes on from where rand would have left it.
    /// </summary>
    [TestMethod]
    [DataRow(0, 1)]
    [DataRow(0, 623)]
    [DataRow(0, 624)]
    [DataRow(0, 625)]
    [DataRow(1, 1248)]
    [DataRow(623, 2)]
    [DataRow(700, 10_007)]
    public void UniformDrawsAreLibtorchsRandAndLeaveTheGeneratorWhereRandDoes(int drawnBefore, int count)
    {
        using var libtorch = new Generator(20261203);
        using var managed = new Generator(20261203);
        using var scope = NewDisposeScope();
        if (drawnBefore > 0)
        {
            _ = rand([drawnBefore], generator: libtorch);
            _ = rand([drawnBefore], generator: managed);
        }
        var expected = rand([count], generator: libtorch).data<float>().ToArray();
        var draws = GeneratorDraws.From(managed);
        var actual = new float[count];
        draws.Uniform(actual);
        draws.StoreInto(managed);
        CollectionAssert.AreEqual(expected, actual, $"{count} draws after {drawnBefore}.");
        CollectionAssert.AreEqual(rand([1000], generator: libtorch).data<float>().ToArray(), rand([1000], generator: managed).data<float>().ToArray(),
            "The next draws after the managed ones.");
        Assert.IsTrue(actual.All(u => u is >= 0f and < 1f));
    }

    /// <summary>
    /// Rate coding in one managed pass gives the spikes of SpikeGeneration.Rate over rand's draws, bit for bit, for
    /// probabilities below 0, above 1 and NaN, and a row length that is not a multiple of the vector width.
    /// </summary>
    [TestMethod]
    public void RateSpikesAreThoseOfRandThenRate()
    {
        const int steps = 7, rows = 3, size = 37;
        var random = new Random(11);
        var probabilities = new float[rows * size];
        for (var i = 0; i < probabilities.Length; i++)
            probabilities[i] = (float)(random.NextDouble() * 1.4 - 0.2);
        probabilities[5] = float.NaN;
        probabilities[6] = 1f;
        probabilities[7] = 0f;
        probabilities[size + 3] = float.PositiveInfinity;
        probabilities[size + 4] = float.NegativeInfinity;
        using var libtorch = new Generator(5);
        using var managed = new Generator(5);
        using var scope = NewDisposeScope();
        var expected = SpikeGeneration.Rate(tensor(probabilities, [rows, size]), rand([steps, rows, size], generator: libtorch)).data<float>().ToArray();
        var draws = GeneratorDraws.From(managed);
        var actual = new float[steps * rows * size];
        draws.RateSpikes(probabilities, steps, actual);
        draws.StoreInto(managed);
        CollectionAssert.AreEqual(expected, actual);
        Assert.IsTrue(actual.Sum() > 0 && actual.Sum() < actual.Length, "Some spikes and some silences.");
        Assert.AreEqual(0f, Enumerable.Range(0, steps).Sum(t => actual[t * rows * size + 5]), "A NaN probability never fires.");
        Assert.AreEqual(rand([1], generator: libtorch).item<float>(), rand([1], generator: managed).item<float>());
    }

    [TestMethod]
    public void ADestinationOfTheWrongSizeIsRefusedWithBothSizes()
    {
        using var generator = new Generator(1);
        var draws = GeneratorDraws.From(generator);
        var error = Assert.ThrowsExactly<ArgumentException>(() => draws.RateSpikes(new float[10], 3, new float[29]));
        StringAssert.Contains(error.Message, "3 × 10 = 30");
        StringAssert.Contains(error.Message, "29");
    }
}
