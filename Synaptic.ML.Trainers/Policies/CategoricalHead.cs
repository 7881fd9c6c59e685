using Synaptic.ML.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Categorical actions of a Discrete(n, start) space: the actor outputs n logits; an action is stored as the
/// environment's integer (start + class index).
/// </summary>
public sealed class CategoricalHead : ActionHead
{
    /// <summary>Creates the head.</summary>
    /// <param name="count">Number of actions n ≥ 1.</param>
    /// <param name="start">The first action value.</param>
    public CategoricalHead(int count, int start = 0) : base(count, 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Start = start;
    }

    /// <summary>Number of actions.</summary>
    public int Count => ParameterCount;

    /// <summary>The first action value (Gymnasium's <c>start</c>).</summary>
    public int Start { get; }

    /// <inheritdoc/>
    public override bool IsContinuous => false;

    /// <inheritdoc/>
    public override Tensor LogProbability(Tensor parameters, Tensor? logStd, Tensor actions)
    {
        using var logProbabilities = nn.functional.log_softmax(parameters, 1);
        using var shifted = Start == 0 ? actions.alias() : actions - Start;
        using var index = shifted.to(ScalarType.Int64);
        using var gathered = logProbabilities.gather(1, index);
        return gathered.squeeze(1);
    }

    /// <inheritdoc/>
    public override Tensor Entropy(Tensor parameters, Tensor? logStd)
    {
        using var logProbabilities = nn.functional.log_softmax(parameters, 1);
        using var probabilities = logProbabilities.exp();
        using var products = probabilities * logProbabilities;
        using var sum = products.sum(1);
        return sum.neg();
    }

    /// <inheritdoc/>
    public override double Sample(ReadOnlySpan<float> parameters, ReadOnlySpan<float> logStd, Span<float> action, ref SplitMix64 random)
    {
        var logNormalizer = LogSumExp(parameters);
        var u = random.NextDouble();
        var cumulative = 0.0;
        var chosen = parameters.Length - 1;
        for (var i = 0; i < parameters.Length; i++)
        {
            cumulative += Math.Exp(parameters[i] - logNormalizer);
            if (u < cumulative)
            {
                chosen = i;
                break;
            }
        }
        action[0] = Start + chosen;
        return parameters[chosen] - logNormalizer;
    }

    /// <inheritdoc/>
    public override void Mode(ReadOnlySpan<float> parameters, Span<float> action) =>
        action[0] = Start + System.Numerics.Tensors.TensorPrimitives.IndexOfMax(parameters);

    /// <inheritdoc/>
    public override void ToEnvironmentAction(ReadOnlySpan<float> raw, Span<float> action) => action[0] = raw[0];

    /// <summary>Writes the softmax of <paramref name="logits"/> into <paramref name="probabilities"/>.</summary>
    /// <param name="logits">The actor outputs.</param>
    /// <param name="probabilities">Destination, same length.</param>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        var logNormalizer = LogSumExp(logits);
        for (var i = 0; i < logits.Length; i++)
            probabilities[i] = (float)Math.Exp(logits[i] - logNormalizer);
    }

    internal override void Write(BinaryWriter writer)
    {
        writer.Write((byte)0);
        writer.Write(Count);
        writer.Write(Start);
    }

    private static double LogSumExp(ReadOnlySpan<float> values)
    {
        var max = System.Numerics.Tensors.TensorPrimitives.Max(values);
        var sum = 0.0;
        foreach (var v in values)
            sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
