using Synaptic.ML.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// What an off-policy trainer's loop (<see cref="OffPolicyTrainer{TOptions}"/>) needs from the Q-learning at its
/// heart, whatever the Q-network reads: the online and target networks, the replay memory, greedy Q-values for
/// acting, and the loss of a sampled minibatch. <see cref="TransitionQLearner"/> learns from single transitions
/// (DQN); <see cref="SequenceQLearner"/> from episode segments with the network's memory (the recurrent DQNs).
/// </summary>
internal abstract class QLearner : IDisposable
{
    /// <summary>The network trained by gradient steps.</summary>
    public abstract nn.Module Online { get; }

    /// <summary>The network the targets come from (updated by the loop).</summary>
    public abstract nn.Module Target { get; }

    /// <summary>The replay memory.</summary>
    public abstract IReplayMemory Replay { get; }

    /// <summary>Whether the network must see every observation while acting (it has memory), not only those it acts on greedily.</summary>
    public virtual bool ObservesEveryStep => false;

    /// <summary>Q(·) for the current observations of <paramref name="count"/> sub-environments (count·A floats), advancing any memory.</summary>
    public abstract void ActingQValues(ReadOnlySpan<float> observations, int count, Span<float> q);

    /// <summary>Sub-environment <paramref name="environment"/> starts a new episode (memory back to zero).</summary>
    public virtual void StartEpisode(int environment)
    {
    }

    /// <summary>Draws a minibatch with <paramref name="random"/> and returns its loss on the online network's graph and, when asked, the mean |δ| and mean Q(s, a).</summary>
    public abstract (Tensor Loss, Tensor? MeanAbsoluteError, Tensor? MeanQ) SampledLoss(ref SplitMix64 random, bool measure);

    /// <summary>The online network as a policy model (it shares the network).</summary>
    public abstract PolicyModel Policy(int firstAction);

    /// <summary>Writes the acting memory of the sub-environments (for an exact resume).</summary>
    public virtual void WriteActing(BinaryWriter writer)
    {
    }

    /// <summary>Reads what <see cref="WriteActing"/> wrote.</summary>
    public virtual void ReadActing(BinaryReader reader)
    {
    }

    /// <summary>A description of the network for progress messages.</summary>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public abstract void Dispose();
}
