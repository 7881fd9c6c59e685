using Synaptic.ML.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Continuous actions of a Box space: a diagonal Gaussian whose mean the actor outputs and whose log standard
/// deviation is one learned vector independent of the state (as Stable-Baselines3). Sampled actions are stored
/// raw and clipped into the box only when given to the environment.
/// </summary>
public sealed class GaussianHead : ActionHead
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);
    private readonly float[] _low;
    private readonly float[] _high;

    /// <summary>Creates the head for a box with the given bounds.</summary>
    /// <param name="low">Lower bounds, one per action element.</param>
    /// <param name="high">Upper bounds, one per action element.</param>
    public GaussianHead(float[] low, float[] high) : base(low.Length, low.Length)
    {
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length == 0 || high.Length != low.Length)
            throw new ArgumentException($"The bounds must be non-empty and of equal length (low {low.Length}, high {high.Length}).", nameof(high));
        _low = low;
        _high = high;
    }

    /// <summary>Lower bounds of the action box.</summary>
    public ReadOnlySpan<float> Low => _low;

    /// <summary>Upper bounds of the action box.</summary>
    public ReadOnlySpan<float> High => _high;

    /// <inheritdoc/>
    public override bool IsContinuous => true;

    /// <inheritdoc/>
    public override Tensor LogProbability(Tensor parameters, Tensor? logStd, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(logStd);
        using var std = logStd.exp();
        using var difference = actions - parameters;
        using var z = difference / std;
        using var squared = z.square();
        using var half = squared * -0.5;
        using var terms = half - logStd;
        using var sum = terms.sum(1);
        return sum - HalfLogTwoPi * ActionSize;
    }

    /// <inheritdoc/>
    public override Tensor Entropy(Tensor parameters, Tensor? logStd)
    {
        ArgumentNullException.ThrowIfNull(logStd);
        using var total = logStd.sum();
        using var entropy = total + (0.5 + HalfLogTwoPi) * ActionSize;
        return entropy.expand(parameters.shape[0]).contiguous();
    }

    /// <inheritdoc/>
    public override double Sample(ReadOnlySpan<float> parameters, ReadOnlySpan<float> logStd, Span<float> action, ref SplitMix64 random)
    {
        var logProbability = -HalfLogTwoPi * ActionSize;
        for (var i = 0; i < ActionSize; i++)
        {
            var std = Math.Exp(logStd[i]);
            var value = (float)(parameters[i] + std * StandardNormal(ref random));
            action[i] = value;
            // The log-probability of the stored float, not of the double draw.
            var standardized = (value - parameters[i]) / std;
            logProbability -= 0.5 * standardized * standardized + logStd[i];
        }
        return logProbability;
    }

    /// <inheritdoc/>
    public override void Mode(ReadOnlySpan<float> parameters, Span<float> action) => parameters[..ActionSize].CopyTo(action);

    /// <inheritdoc/>
    public override void ToEnvironmentAction(ReadOnlySpan<float> raw, Span<float> action)
    {
        for (var i = 0; i < ActionSize; i++)
            action[i] = Math.Clamp(raw[i], _low[i], _high[i]);
    }

    internal override void Write(BinaryWriter writer)
    {
        writer.Write((byte)1);
        writer.Write(ActionSize);
        foreach (var v in _low)
            writer.Write(v);
        foreach (var v in _high)
            writer.Write(v);
    }

    private static double StandardNormal(ref SplitMix64 random)
    {
        // Box–Muller with u1 in (0, 1] so the logarithm is finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
