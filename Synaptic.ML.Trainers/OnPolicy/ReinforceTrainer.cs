using Microsoft.ML;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// REINFORCE (Williams, 1992): Monte-Carlo policy gradient. Each update runs every sub-environment for one
/// whole episode, computes discounted returns, optionally subtracts a learned baseline and normalises, and
/// takes one gradient step on −log π(a|s)·Â − β·H.
/// </summary>
public sealed class ReinforceTrainer : OnPolicyTrainer<ReinforceTrainer.Options>
{
    internal ReinforceTrainer(MLContext context, Options options) : base(context, options, nameof(ReinforceTrainer))
    {
    }

    /// <summary>Options of <see cref="ReinforceTrainer"/>.</summary>
    public sealed class Options : OnPolicyOptions
    {
        /// <summary>Creates the options with REINFORCE's defaults: 4 episodes per update, learning rate 1e-3.</summary>
        public Options()
        {
            NumberOfEnvironments = 4;
            LearningRate = 1e-3;
        }

        /// <summary>Whether a learned state-value baseline is subtracted from the returns. Default false.</summary>
        public bool UseBaseline { get; set; }

        /// <summary>Whether the advantages (returns, minus the baseline) are standardised per update. Default true.</summary>
        public bool NormalizeReturns { get; set; } = true;
    }

    private protected override int StepsPerRollout => 256;

    private protected override bool CollectsCompleteEpisodes => true;

    private protected override bool UsesCritic => TrainerOptions.UseBaseline;

    private protected override void ComputeAdvantages(RolloutBuffer buffer)
    {
        var size = buffer.Steps * buffer.Environments;
        Advantages.DiscountedReturns(buffer.Rewards.AsSpan(0, size), buffer.EpisodeEnded.AsSpan(0, size), buffer.Environments, TrainerOptions.Gamma, buffer.Returns.AsSpan(0, size));
        for (var k = 0; k < size; k++)
            buffer.Advantages[k] = buffer.Returns[k] - (TrainerOptions.UseBaseline ? buffer.Values[k] : 0f);
    }

    private protected override UpdateStatistics Update(RolloutTensors batch, double learningRate, double progress)
    {
        var advantages = TrainerOptions.NormalizeReturns ? Standardize(batch.Advantages) : batch.Advantages;
        var (logProbabilities, entropy, values) = EvaluateActions(batch.Observations, batch.Actions);
        var policyLoss = PolicyGradientLosses.PolicyGradient(logProbabilities, advantages);
        var entropyMean = entropy.mean();
        var loss = policyLoss - TrainerOptions.EntropyCoefficient * entropyMean;
        Tensor? valueLoss = null;
        if (values is not null)
        {
            valueLoss = PolicyGradientLosses.ValueLoss(values, batch.Returns);
            loss += TrainerOptions.ValueCoefficient * valueLoss;
        }
        ApplyGradients(loss, learningRate);
        return new UpdateStatistics(policyLoss.item<float>(), valueLoss?.item<float>() ?? double.NaN, entropyMean.item<float>());
    }
}
