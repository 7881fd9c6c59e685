using Microsoft.ML;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Proximal policy optimisation (Schulman et al., 2017) with Stable-Baselines3's choices: GAE(λ) advantages,
/// several epochs of shuffled minibatches per rollout, per-minibatch advantage normalisation, the clipped
/// surrogate objective, optional value clipping, gradient-norm clipping, linear learning-rate and clip-range
/// schedules, and an optional KL early stop.
/// </summary>
public sealed class PpoTrainer : OnPolicyTrainer<PpoTrainer.Options>
{
    internal PpoTrainer(MLContext context, Options options) : base(context, options, nameof(PpoTrainer))
    {
    }

    /// <summary>Options of <see cref="PpoTrainer"/>.</summary>
    public sealed class Options : OnPolicyOptions
    {
        /// <summary>Creates the options with PPO's defaults (Stable-Baselines3's, with 8 environments × 256 steps = 2,048 per rollout).</summary>
        public Options()
        {
            NumberOfEnvironments = 8;
            LearningRate = 3e-4;
        }

        /// <summary>Steps per sub-environment per rollout. Default 256.</summary>
        public int StepsPerUpdate { get; set; } = 256;

        /// <summary>Minibatch size, at most <see cref="EnvironmentTrainerOptions.NumberOfEnvironments"/> × <see cref="StepsPerUpdate"/> (the rollout). Default 64.</summary>
        public int MinibatchSize { get; set; } = 64;

        /// <summary>Passes over each rollout. Default 10.</summary>
        public int Epochs { get; set; } = 10;

        /// <summary>GAE λ in [0, 1]. Default 0.95.</summary>
        public double GaeLambda { get; set; } = 0.95;

        /// <summary>Clip range ε of the probability ratio. Default 0.2.</summary>
        public double ClipRange { get; set; } = 0.2;

        /// <summary>How the clip range changes over training, evaluated as <see cref="OnPolicyOptions.LearningRateSchedule"/>. Default <see cref="Schedule.Constant"/>.</summary>
        public Schedule ClipRangeSchedule { get; set; } = Schedule.Constant;

        /// <summary>Clip range of the value prediction around the old one, or null (default) for no value clipping.</summary>
        public double? ValueClipRange { get; set; }

        /// <summary>Whether advantages are standardised per minibatch. Default true.</summary>
        public bool NormalizeAdvantages { get; set; } = true;

        /// <summary>Stop the epochs of an update once the approximate KL exceeds 1.5 × this value; null (default) for never.</summary>
        public double? TargetKl { get; set; }

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.Positive(StepsPerUpdate, nameof(StepsPerUpdate));
            OptionChecks.Positive(MinibatchSize, nameof(MinibatchSize));
            // Stable-Baselines3 asserts this too: a minibatch larger than the rollout would silently become one batch of the rollout.
            var rollout = (long)NumberOfEnvironments * StepsPerUpdate;
            if (MinibatchSize > rollout)
            {
                throw new ArgumentOutOfRangeException(nameof(MinibatchSize), MinibatchSize,
                    $"{nameof(MinibatchSize)} = {MinibatchSize} is larger than the rollout it is drawn from: {nameof(NumberOfEnvironments)} × " +
                    $"{nameof(StepsPerUpdate)} = {NumberOfEnvironments} × {StepsPerUpdate} = {rollout} steps. Set {nameof(MinibatchSize)} ≤ {rollout}, " +
                    $"or collect more steps per update.");
            }
            OptionChecks.Positive(Epochs, nameof(Epochs));
            OptionChecks.Unit(GaeLambda, nameof(GaeLambda));
            OptionChecks.PositiveFinite(ClipRange, nameof(ClipRange));
            OptionChecks.PositiveOrNull(ValueClipRange, nameof(ValueClipRange));
            OptionChecks.PositiveOrNull(TargetKl, nameof(TargetKl));
            OptionChecks.NotNull(ClipRangeSchedule, nameof(ClipRangeSchedule));
        }
    }

    private protected override int StepsPerRollout => TrainerOptions.StepsPerUpdate;

    private protected override void ComputeAdvantages(RolloutBuffer buffer) => OnPolicyAdvantages.Gae(buffer, TrainerOptions.Gamma, TrainerOptions.GaeLambda);

    private protected override UpdateStatistics Update(RolloutTensors batch, double learningRate, double progress)
    {
        var clip = TrainerOptions.ClipRangeSchedule.At(TrainerOptions.ClipRange, SchedulePoint);
        var count = (int)batch.Count;
        var order = new long[count];
        double policyLosses = 0, valueLosses = 0, entropies = 0, kls = 0, clipped = 0;
        var steps = 0;
        var stop = false;
        for (var epoch = 0; epoch < TrainerOptions.Epochs && !stop; epoch++)
        {
            Shuffle(order);
            for (var start = 0; start < count && !stop; start += TrainerOptions.MinibatchSize)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(TrainerOptions.MinibatchSize, count - start);
                var index = tensor(order.AsSpan(start, length).ToArray());
                var observations = batch.Observations.index_select(0, index);
                var actions = batch.Actions.index_select(0, index);
                var oldLogProbabilities = batch.OldLogProbabilities.index_select(0, index);
                var advantages = batch.Advantages.index_select(0, index);
                if (TrainerOptions.NormalizeAdvantages && length > 1)
                    advantages = Standardize(advantages);
                var returns = batch.Returns.index_select(0, index);

                var (logProbabilities, entropy, values) = EvaluateActions(observations, actions);
                var (policyLoss, ratio, logRatio) = PolicyGradientLosses.ClippedSurrogate(logProbabilities, oldLogProbabilities, advantages, clip);
                var valueLoss = TrainerOptions.ValueClipRange is double valueClip
                    ? PolicyGradientLosses.ValueLoss(values!, returns, batch.OldValues.index_select(0, index), valueClip)
                    : PolicyGradientLosses.ValueLoss(values!, returns);
                var entropyMean = entropy.mean();
                var loss = policyLoss - TrainerOptions.EntropyCoefficient * entropyMean + TrainerOptions.ValueCoefficient * valueLoss;

                double approximateKl;
                using (no_grad())
                {
                    approximateKl = PolicyGradientLosses.ApproximateKl(ratio, logRatio).item<float>();
                    clipped += (ratio - 1).abs().gt(clip).to(ScalarType.Float32).mean().item<float>();
                }
                if (TrainerOptions.TargetKl is double targetKl && approximateKl > 1.5 * targetKl)
                {
                    stop = true;
                    break;
                }
                ApplyGradients(loss, learningRate);
                policyLosses += policyLoss.item<float>();
                valueLosses += valueLoss.item<float>();
                entropies += entropyMean.item<float>();
                kls += approximateKl;
                steps++;
            }
        }
        var n = Math.Max(1, steps);
        return new UpdateStatistics(policyLosses / n, valueLosses / n, entropies / n, kls / n, clipped / Math.Max(1, steps + (stop ? 1 : 0)));
    }

    private void Shuffle(long[] order)
    {
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        ref var random = ref UpdateRandom;
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
