using Microsoft.ML;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Advantage actor-critic (A2C; Mnih et al., 2016, synchronous): short rollouts from several sub-environments,
/// n-step returns or GAE(λ) advantages, and one gradient step per rollout on the policy loss, the value loss
/// and the entropy bonus. Uses Adam where Stable-Baselines3 uses RMSprop.
/// </summary>
public sealed class A2CTrainer : OnPolicyTrainer<A2CTrainer.Options>
{
    internal A2CTrainer(MLContext context, Options options) : base(context, options, nameof(A2CTrainer))
    {
    }

    /// <summary>Options of <see cref="A2CTrainer"/>.</summary>
    public sealed class Options : OnPolicyOptions
    {
        /// <summary>Creates the options with A2C's defaults: 8 environments, 5 steps each per update, learning rate 7e-4.</summary>
        public Options()
        {
            NumberOfEnvironments = 8;
            LearningRate = 7e-4;
        }

        /// <summary>Steps per sub-environment per update (n of the n-step returns). Default 5.</summary>
        public int StepsPerUpdate { get; set; } = 5;

        /// <summary>GAE λ in [0, 1]; 1 (default) gives plain n-step returns.</summary>
        public double GaeLambda { get; set; } = 1.0;

        /// <summary>Whether advantages are standardised per update. Default false (as Stable-Baselines3's A2C).</summary>
        public bool NormalizeAdvantages { get; set; }

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.Positive(StepsPerUpdate, nameof(StepsPerUpdate));
            OptionChecks.Unit(GaeLambda, nameof(GaeLambda));
        }
    }

    private protected override int StepsPerRollout => TrainerOptions.StepsPerUpdate;

    private protected override void ComputeAdvantages(RolloutBuffer buffer) => OnPolicyAdvantages.Gae(buffer, TrainerOptions.Gamma, TrainerOptions.GaeLambda);

    private protected override UpdateStatistics Update(RolloutTensors batch, double learningRate, double progress)
    {
        var advantages = TrainerOptions.NormalizeAdvantages ? Standardize(batch.Advantages) : batch.Advantages;
        var (logProbabilities, entropy, values) = EvaluateActions(batch.Observations, batch.Actions);
        var policyLoss = PolicyGradientLosses.PolicyGradient(logProbabilities, advantages);
        var valueLoss = PolicyGradientLosses.ValueLoss(values!, batch.Returns);
        var entropyMean = entropy.mean();
        var loss = policyLoss + TrainerOptions.ValueCoefficient * valueLoss - TrainerOptions.EntropyCoefficient * entropyMean;
        ApplyGradients(loss, learningRate);
        return new UpdateStatistics(policyLoss.item<float>(), valueLoss.item<float>(), entropyMean.item<float>());
    }
}
