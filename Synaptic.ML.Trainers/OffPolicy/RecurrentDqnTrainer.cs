using Microsoft.ML;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Deep Q-learning with memory: observation → memory → linear head → Q-values, where the memory is a
/// multi-plasticity layer (the MPN-DQN: Hebbian modulation M, no recurrent weights; <see cref="MultiPlasticityOptions"/>),
/// a GRU, an LSTM, or nothing (the feed-forward baseline of the same size), trained from sequence replay with burn-in
/// (R2D2) under the DQN target — double DQN and the Huber loss as options. Logged episodes in <c>Fit</c>'s input (rows
/// in order; an episode ends where a row is terminal or the next row does not continue from its next observation)
/// pre-fill the replay, or train offline alone when no environment is set. Each episode's memory starts from zero,
/// while acting and in the trained policy. The result is a stateful <see cref="RecurrentQPolicy"/> in a
/// <see cref="PolicyTransformer"/>: on an episode view it carries the memory across the rows of one episode and
/// starts over at each new <c>Episode</c> value.
/// </summary>
public sealed class RecurrentDqnTrainer : OffPolicyTrainer<RecurrentDqnTrainer.Options>
{
    internal RecurrentDqnTrainer(MLContext context, Options options) : base(context, options, nameof(RecurrentDqnTrainer))
    {
    }

    private protected override QLearner CreateLearner(ulong seed, int capacity, int environments)
    {
        var options = TrainerOptions;
        var architecture = new RecurrentQNetworkArchitecture(options.Core, ObservationSpace.Size, ((Environments.DiscreteSpace)ActionSpace).N);
        return new SequenceQLearner(architecture, seed, capacity, environments, options.BatchSize, options.BurnIn, options.SequenceLength,
            options.WholeEpisodes, options.Gamma, options.DoubleQ, options.HuberLoss);
    }

    /// <summary>
    /// Options of <see cref="RecurrentDqnTrainer"/>. <see cref="OffPolicyOptions.BatchSize"/> counts segments, each of
    /// <see cref="SequenceLength"/> transitions; the other defaults are Stable-Baselines3's DQN defaults
    /// .
    /// </summary>
    public sealed class Options : OffPolicyOptions
    {
        /// <summary>The memory. Default a multi-plasticity layer of 64 (<see cref="MultiPlasticityOptions"/>'s defaults).</summary>
        public SequenceCoreOptions Core { get; set; } = new MultiPlasticityOptions();

        /// <summary>Transitions per replayed segment, trained with backpropagation through time. Default 16.</summary>
        public int SequenceLength { get; set; } = 16;

        /// <summary>Earlier steps of the episode replayed before each segment, without gradient, to rebuild the memory (R2D2's burn-in). Default 16.</summary>
        public int BurnIn { get; set; } = 16;

        /// <summary>
        /// Whether segments start where their episode starts (the episode of a uniformly drawn transition), rather than
        /// at the drawn transition: with <see cref="SequenceLength"/> at least the episode length, every segment is a
        /// whole episode and the memory always starts from the true episode start. Default false.
        /// </summary>
        public bool WholeEpisodes { get; set; }

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.NotNull(Core, nameof(Core));
            Core.Validate();
            OptionChecks.Positive(SequenceLength, nameof(SequenceLength));
            OptionChecks.NotNegative(BurnIn, nameof(BurnIn));
        }
    }
}
