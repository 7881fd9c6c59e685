using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The action distribution of a policy: how the actor's outputs (the distribution parameters) turn into
/// log-probabilities, entropy, sampled actions and the deterministic action. Made from the environment's
/// action space by <see cref="For"/>: a <see cref="DiscreteSpace"/> gives a <see cref="CategoricalHead"/>,
/// a <see cref="BoxSpace"/> a <see cref="GaussianHead"/>.
/// </summary>
public abstract class ActionHead
{
    private protected ActionHead(int parameterCount, int actionSize)
    {
        ParameterCount = parameterCount;
        ActionSize = actionSize;
    }

    /// <summary>Number of values the actor outputs per observation (logits, or the Gaussian mean).</summary>
    public int ParameterCount { get; }

    /// <summary>Number of floats per action stored in rollouts and given to the environment.</summary>
    public int ActionSize { get; }

    /// <summary>Whether actions are continuous vectors (<see langword="false"/>: one integer).</summary>
    public abstract bool IsContinuous { get; }

    /// <summary>Chooses the head for an action space.</summary>
    /// <param name="actionSpace">The environment's action space.</param>
    /// <param name="environmentId">The environment id, for messages.</param>
    /// <returns>The head.</returns>
    /// <exception cref="NotSupportedException">The space is neither Discrete nor Box.</exception>
    public static ActionHead For(Space actionSpace, string environmentId) => actionSpace switch
    {
        DiscreteSpace discrete => new CategoricalHead(discrete.N, discrete.Start),
        BoxSpace box => new GaussianHead(box.Low.ToArray(), box.High.ToArray()),
        null => throw new ArgumentNullException(nameof(actionSpace)),
        _ => throw new NotSupportedException(
            $"{environmentId}'s action space {actionSpace} is not supported: policies act in Discrete (categorical) or Box (Gaussian) spaces."),
    };

    /// <summary>Log-probability of each action under the distribution, [B].</summary>
    /// <param name="parameters">Actor outputs, [B, <see cref="ParameterCount"/>].</param>
    /// <param name="logStd">The Gaussian log standard deviation, [<see cref="ActionSize"/>]; null for categorical heads.</param>
    /// <param name="actions">Stored actions, [B, <see cref="ActionSize"/>] (raw, before any clipping to the space).</param>
    /// <returns>The log-probabilities.</returns>
    public abstract Tensor LogProbability(Tensor parameters, Tensor? logStd, Tensor actions);

    /// <summary>Entropy of each distribution, [B].</summary>
    /// <param name="parameters">Actor outputs, [B, <see cref="ParameterCount"/>].</param>
    /// <param name="logStd">The Gaussian log standard deviation; null for categorical heads.</param>
    /// <returns>The entropies.</returns>
    public abstract Tensor Entropy(Tensor parameters, Tensor? logStd);

    /// <summary>
    /// Draws an action from one observation's distribution and returns its log-probability.
    /// </summary>
    /// <param name="parameters">This observation's actor outputs.</param>
    /// <param name="logStd">The Gaussian log standard deviation (empty for categorical heads).</param>
    /// <param name="action">Destination of the raw action (what the log-probability refers to).</param>
    /// <param name="random">The generator.</param>
    /// <returns>log π(action).</returns>
    public abstract double Sample(ReadOnlySpan<float> parameters, ReadOnlySpan<float> logStd, Span<float> action, ref SplitMix64 random);

    /// <summary>The deterministic action: the most probable class, or the Gaussian mean.</summary>
    /// <param name="parameters">This observation's actor outputs.</param>
    /// <param name="action">Destination of the raw action.</param>
    public abstract void Mode(ReadOnlySpan<float> parameters, Span<float> action);

    /// <summary>Turns a raw action into one the environment accepts (a Box action is clipped into its bounds).</summary>
    /// <param name="raw">The raw action.</param>
    /// <param name="action">Destination of the environment action.</param>
    public abstract void ToEnvironmentAction(ReadOnlySpan<float> raw, Span<float> action);

    /// <summary>Writes the head's definition.</summary>
    /// <param name="writer">The destination.</param>
    internal abstract void Write(BinaryWriter writer);

    /// <summary>Reads a head written by <see cref="Write"/>.</summary>
    /// <param name="reader">The source.</param>
    /// <returns>The head.</returns>
    internal static ActionHead Read(BinaryReader reader)
    {
        var kind = reader.ReadByte();
        switch (kind)
        {
            case 0:
            {
                var n = reader.ReadInt32();
                var start = reader.ReadInt32();
                return new CategoricalHead(n, start);
            }
            case 1:
            {
                var size = reader.ReadInt32();
                if (size <= 0 || size > 1 << 20)
                    throw new InvalidDataException($"The Gaussian action head has an invalid size {size}.");
                var low = new float[size];
                var high = new float[size];
                for (var i = 0; i < size; i++)
                    low[i] = reader.ReadSingle();
                for (var i = 0; i < size; i++)
                    high[i] = reader.ReadSingle();
                return new GaussianHead(low, high);
            }
            default:
                throw new InvalidDataException($"Unknown action head kind {kind}.");
        }
    }
}
