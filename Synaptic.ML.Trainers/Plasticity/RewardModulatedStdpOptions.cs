using Synaptic.ML.Plasticity;

namespace Synaptic.ML.Trainers;

public sealed partial class RewardModulatedStdpTrainer
{
    /// <summary>
    /// Options of <see cref="RewardModulatedStdpTrainer"/>: the population (<see cref="LifPopulation.Options"/>, whose
    /// defaults are the issue's: 100 LIF neurons, 20% inhibitory, τ 20, θ 1, reset 0, I_base 0.08, σ 0.2, excitatory
    /// weights in [0.01, 0.9], inhibitory in [−0.9, −0.01]), the sensor encoding, the decision window, the readout and
    /// the three-factor rule (which synapses are eligible, what dopamine signals, η and its schedule, the critic's
    /// γ and step, the episode baseline's β, and whether dopamine modulates at all).
    /// </summary>
    public sealed class Options : EnvironmentTrainerOptions
    {
        /// <summary>Creates the options with the defaults.</summary>
        public Options()
        {
            TotalTimesteps = 10_000_000;
        }

        /// <summary>
        /// Episodes to train (one iteration each; callbacks run between them). Training also stops once
        /// <see cref="EnvironmentTrainerOptions.TotalTimesteps"/> environment steps were taken. Default 500.
        /// </summary>
        public int Episodes { get; set; } = 500;

        /// <summary>The recurrent LIF population. Default: <see cref="LifPopulation.Options"/>' defaults.</summary>
        public LifPopulation.Options Population { get; set; } = new();

        /// <summary>Neuron steps (of the population's dt) per decision T. Default 100.</summary>
        public int StepsPerDecision { get; set; } = 100;

        /// <summary>How observations drive the input neurons. Default <see cref="SpikeEncoding.Rate"/>.</summary>
        public SpikeEncoding Encoding { get; set; } = SpikeEncoding.Rate;

        /// <summary>An input neuron's firing probability per step at u = 1 (its current, with <see cref="SpikeEncoding.Current"/>), in (0, 1]. Default 0.5.</summary>
        public double InputRate { get; set; } = 0.5;

        /// <summary>Input neurons per observation element with <see cref="SpikeEncoding.Population"/>; at least 2. Default 8.</summary>
        public int InputPopulationSize { get; set; } = 8;

        /// <summary>Largest input weight: each present input weight is uniform in [0, this]. Positive. Default 6.</summary>
        public double InputWeight { get; set; } = 6;

        /// <summary>Probability that an input neuron projects to a population neuron, in (0, 1]. Default 0.25.</summary>
        public double InputConnectivity { get; set; } = 0.25;

        /// <summary>How the motor pools are read. Default <see cref="SpikeReadout.Pathway"/>.</summary>
        public SpikeReadout Readout { get; set; } = SpikeReadout.Pathway;

        /// <summary>
        /// Which synapses are tagged for the dopamine. Default <see cref="PlasticityEligibility.DecisionPathway"/>, the
        /// tag that learns LaneKeeping; <see cref="PlasticityEligibility.SpikeTiming"/> is classic STDP over the episode
        /// (the user's original rule, with <see cref="DopamineSignal.EpisodeReturn"/>).
        /// </summary>
        public PlasticityEligibility Eligibility { get; set; } = PlasticityEligibility.DecisionPathway;

        /// <summary>
        /// What dopamine signals and when it is applied. Default <see cref="DopamineSignal.TemporalDifference"/> (after
        /// every decision, a critic's reward-prediction error); <see cref="DopamineSignal.EpisodeReturn"/> applies one
        /// return − baseline per episode.
        /// </summary>
        public DopamineSignal Dopamine { get; set; } = DopamineSignal.TemporalDifference;

        /// <summary>Decay λ of the decision-pathway tags per decision, E ← λ·E + e, in [0, 1]. Default 0.9.</summary>
        public double EligibilityDecay { get; set; } = 0.9;

        /// <summary>Discount γ of the temporal-difference error δ = r + γ·V(x′) − V(x), in [0, 1]. Default 0.95.</summary>
        public double Discount { get; set; } = 0.95;

        /// <summary>Step α of the critic's normalised LMS rule, in (0, 2) (the range in which it converges). Default 0.1.</summary>
        public double CriticStepSize { get; set; } = 0.1;

        /// <summary>The STDP of <see cref="PlasticityEligibility.SpikeTiming"/> (A+ 0.005, A− 0.00525, τ± 20 by default).</summary>
        public SpikeTimingDependentPlasticity.Options Stdp { get; set; } = new();

        /// <summary>
        /// Learning rate η of ΔW = η·dopamine·E; non-negative. Default 0.001 (for the default temporal-difference dopamine,
        /// which is applied after every decision; the user's per-episode rule used 0.01).
        /// </summary>
        public double LearningRate { get; set; } = 0.001;

        /// <summary>
        /// How η changes over training, per episode: <see cref="Schedule.Constant"/> (default),
        /// <see cref="Schedule.WarmupCosine"/>, or <see cref="Schedule.ExponentialPerPhase"/> (γ per episode, restarting at
        /// each curriculum phase).
        /// </summary>
        public Schedule LearningRateSchedule { get; set; } = Schedule.Constant;

        /// <summary>Rate β of the baseline, baseline ← baseline + β·(return − baseline), in [0, 1]. Default 0.1.</summary>
        public double BaselineRate { get; set; } = 0.1;

        /// <summary>
        /// The baseline before the first episode; null (the default) takes the first episode's return, so the first
        /// dopamine is 0 instead of a whole return, whose sign only says whether returns are positive at all.
        /// </summary>
        public double? InitialBaseline { get; set; }

        /// <summary>
        /// Whether dopamine modulates the weight change. False gives plain (unmodulated) plasticity, ΔW = η·E wherever the
        /// dopamine would have been applied, whatever the reward: the ablation that shows what the reward adds. Default true.
        /// </summary>
        public bool DopamineModulation { get; set; } = true;

        /// <summary>
        /// Whether the motor pools keep their total excitatory input: after every weight change each pool neuron's
        /// excitatory input weights are scaled back to their sum before training, then clipped (synaptic scaling). With the
        /// pathway readout, learning then shifts which presynaptic neurons a pool listens to rather than how loud it is, so
        /// one pool cannot come to win whatever the input. Null (the default) turns it on with
        /// <see cref="SpikeReadout.Pathway"/> and off with <see cref="SpikeReadout.SpikeCount"/>, whose pools must fire
        /// more to win and did worse scaled (5 of 10 seeds kept the lane against 8 of 10); false is the unscaled rule (and
        /// the user's original rule).
        /// </summary>
        public bool? PoolSynapticScaling { get; set; }

        /// <summary>Whether <see cref="PoolSynapticScaling"/> applies with these options.</summary>
        internal bool ScalesPools => PoolSynapticScaling ?? Readout == SpikeReadout.Pathway;

        /// <summary>The seed of every decision's noise in the trained policy (<see cref="RewardModulatedStdpPolicy.NoiseSeed"/>). Default 1.</summary>
        public long PolicyNoiseSeed { get; set; } = 1;

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.Requires(NumberOfEnvironments == 1,
                $"{nameof(NumberOfEnvironments)} must be 1: the reward-modulated STDP trainer learns from one episode at a time; it is {NumberOfEnvironments}.");
            OptionChecks.Positive(Episodes, nameof(Episodes));
            OptionChecks.NotNull(Population, nameof(Population));
            // The population checks its own settings and names the bad one.
            _ = new LifPopulation(Population, 0);
            OptionChecks.Positive(StepsPerDecision, nameof(StepsPerDecision));
            if (!Enum.IsDefined(Encoding))
                throw new ArgumentOutOfRangeException(nameof(Encoding), Encoding, $"{nameof(Encoding)} must be a defined {nameof(SpikeEncoding)}.");
            if (!Enum.IsDefined(Readout))
                throw new ArgumentOutOfRangeException(nameof(Readout), Readout, $"{nameof(Readout)} must be a defined {nameof(SpikeReadout)}.");
            if (!(InputRate > 0 && InputRate <= 1))
                throw new ArgumentOutOfRangeException(nameof(InputRate), InputRate, $"{nameof(InputRate)} must lie in (0, 1]; it is {InputRate}.");
            OptionChecks.PositiveFinite(InputWeight, nameof(InputWeight));
            OptionChecks.Requires(InputPopulationSize is >= 2 and <= 10_000,
                $"{nameof(InputPopulationSize)} must lie in [2, 10000] (input neurons per observation element of population coding); it is {InputPopulationSize}.");
            if (!(InputConnectivity > 0 && InputConnectivity <= 1))
                throw new ArgumentOutOfRangeException(nameof(InputConnectivity), InputConnectivity, $"{nameof(InputConnectivity)} must lie in (0, 1]; it is {InputConnectivity}.");
            if (!Enum.IsDefined(Eligibility))
                throw new ArgumentOutOfRangeException(nameof(Eligibility), Eligibility, $"{nameof(Eligibility)} must be a defined {nameof(PlasticityEligibility)}.");
            if (!Enum.IsDefined(Dopamine))
                throw new ArgumentOutOfRangeException(nameof(Dopamine), Dopamine, $"{nameof(Dopamine)} must be a defined {nameof(DopamineSignal)}.");
            OptionChecks.Requires(!(Eligibility == PlasticityEligibility.SpikeTiming && Dopamine == DopamineSignal.TemporalDifference),
                $"{nameof(Eligibility)} {PlasticityEligibility.SpikeTiming} accumulates STDP over the whole episode and needs {nameof(Dopamine)} {DopamineSignal.EpisodeReturn}; " +
                $"the per-decision {DopamineSignal.TemporalDifference} dopamine needs {nameof(Eligibility)} {PlasticityEligibility.DecisionPathway}.");
            OptionChecks.Unit(EligibilityDecay, nameof(EligibilityDecay));
            OptionChecks.Unit(Discount, nameof(Discount));
            if (!(CriticStepSize > 0 && CriticStepSize < 2))
                throw new ArgumentOutOfRangeException(nameof(CriticStepSize), CriticStepSize, $"{nameof(CriticStepSize)} must lie in (0, 2), where the normalised LMS rule converges; it is {CriticStepSize}.");
            OptionChecks.NotNull(LearningRateSchedule, nameof(LearningRateSchedule));
            OptionChecks.NotNull(Stdp, nameof(Stdp));
            _ = new SpikeTimingDependentPlasticity(1, 1, Stdp);
            OptionChecks.NotNegativeFinite(LearningRate, nameof(LearningRate));
            OptionChecks.Unit(BaselineRate, nameof(BaselineRate));
            if (InitialBaseline is double b)
                OptionChecks.Finite(b, nameof(InitialBaseline));
        }
    }
}
