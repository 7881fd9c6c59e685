using Microsoft.ML;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Deep Q-learning (Mnih et al., 2015): the online network regresses Q(s, a) on the target
/// r + γ·(1 − terminated)·Q′(s′, a*), with a* = argmax Q′(s′, ·) from the target network, or with double DQN
/// (van Hasselt et al., 2016) a* = argmax Q(s′, ·) from the online network, under the Huber loss (or the squared
/// error). The network is any <see cref="PolicyNetworkOptions"/>: an MLP, a spiking network, a convolutional
/// network over grids (<see cref="ConvPolicyOptions"/>), optionally with a dueling head. The result is a
/// <see cref="QNetworkPolicy"/> in a <see cref="PolicyTransformer"/> that appends a <c>QValues</c> column.
/// </summary>
public sealed class DqnTrainer : OffPolicyTrainer<DqnTrainer.Options>
{
    internal DqnTrainer(MLContext context, Options options) : base(context, options, nameof(DqnTrainer))
    {
    }

    private protected override QLearner CreateLearner(ulong seed, int capacity, int environments)
    {
        var options = TrainerOptions;
        var architecture = new QNetworkArchitecture(options.Network, ObservationSpace.Size, ((Environments.DiscreteSpace)ActionSpace).N, options.Dueling);
        return new TransitionQLearner(architecture, seed, capacity, options.BatchSize, options.Gamma, options.DoubleQ, options.HuberLoss);
    }

    /// <summary>Options of <see cref="DqnTrainer"/>; the defaults are Stable-Baselines3's (see <see cref="DqnPresets"/> for tuned ones).</summary>
    public sealed class Options : OffPolicyOptions
    {
        /// <summary>The Q-network's body. Default an MLP [64, 64] with ReLU (Stable-Baselines3's DQN).</summary>
        public PolicyNetworkOptions Network { get; set; } = new MlpPolicyOptions { Activation = HiddenActivation.ReLU };

        /// <summary>A dueling head, Q = V + A − mean(A). Default false.</summary>
        public bool Dueling { get; set; }

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.NotNull(Network, nameof(Network));
            Network.Validate();
        }
    }
}
