using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

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

    private protected override PolicyNetworkOptions Network => TrainerOptions.Network;

    private protected override bool Dueling => TrainerOptions.Dueling;

    private protected override (Tensor Loss, Tensor? MeanAbsoluteError, Tensor? MeanQ) Loss(ReplayBatch batch, bool measure)
    {
        var options = TrainerOptions;
        Tensor target;
        using (no_grad())
        {
            var next = Target.forward(batch.NextState);
            var bootstrap = options.DoubleQ
                ? next.gather(1, Online.forward(batch.NextState).argmax(1, keepdim: true)).squeeze(1)
                : next.max(1).values;
            // γ as a scalar held in a variable for the native call (see AdamOptimizer's remarks).
            using var gamma = options.Gamma.ToScalar();
            target = batch.Reward + batch.Continues.mul(gamma) * bootstrap;
        }
        var q = Online.forward(batch.State).gather(1, batch.Action.unsqueeze(1)).squeeze(1);
        var loss = options.HuberLoss ? nn.functional.smooth_l1_loss(q, target) : nn.functional.mse_loss(q, target);
        if (!measure)
            return (loss, null, null);
        var detached = q.detach();
        return (loss, (detached - target).abs().mean(), detached.mean());
    }

    /// <summary>Options of <see cref="DqnTrainer"/>; the defaults are Stable-Baselines3's (see <see cref="DqnPresets"/> for tuned ones).</summary>
    public sealed class Options : OffPolicyOptions
    {
        /// <summary>The Q-network's body. Default an MLP [64, 64] with ReLU (Stable-Baselines3's DQN).</summary>
        public PolicyNetworkOptions Network { get; set; } = new MlpPolicyOptions { Activation = HiddenActivation.ReLU };

        /// <summary>Double DQN: the online network picks the next action, the target network values it. Default false.</summary>
        public bool DoubleQ { get; set; }

        /// <summary>A dueling head, Q = V + A − mean(A). Default false.</summary>
        public bool Dueling { get; set; }

        /// <summary>The Huber loss (smooth L1, δ = 1) on the TD error, as Stable-Baselines3 and the DQN paper's clipped error; false for the squared error. Default true.</summary>
        public bool HuberLoss { get; set; } = true;

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.NotNull(Network, nameof(Network));
            Network.Validate();
        }
    }
}
