using Synaptic.ML.Plasticity;

namespace Synaptic.ML.Trainers;

public sealed partial class RewardModulatedStdpTrainer
{
    /// <summary>
    /// Options of <see cref="RewardModulatedStdpTrainer"/>: the population (<see cref="LifPopulation.Options"/>, whose
    /// defaults are the issue's: 100 LIF neurons, 20% inhibitory, τ 20, θ 1, reset 0, I_base 0.08, σ 0.2, excitatory
    /// weights in [0.01, 0.9], inhibitory in [−0.9, −0.01]), the sensor encoding, the decision window, the readout and
    /// the three-factor rule (STDP eligibility, η, baseline rate β, and whether dopamine modulates at all).
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

        /// <summary>Largest input weight: each present input weight is uniform in [0, this]. Positive. Default 6.</summary>
        public double InputWeight { get; set; } = 6;

        /// <summary>Probability that an input neuron projects to a population neuron, in (0, 1]. Default 0.25.</summary>
        public double InputConnectivity { get; set; } = 0.25;

        /// <summary>How the motor pools are read. Default <see cref="SpikeReadout.Pathway"/>.</summary>
        public SpikeReadout Readout { get; set; } = SpikeReadout.Pathway;

        /// <summary>The STDP eligibility (A+ 0.005, A− 0.00525, τ± 20 by default).</summary>
        public SpikeTimingDependentPlasticity.Options Stdp { get; set; } = new();

        /// <summary>Learning rate η of ΔW = η·dopamine·E; non-negative. Default 0.01.</summary>
        public double LearningRate { get; set; } = 0.01;

        /// <summary>Rate β of the baseline, baseline ← baseline + β·(return − baseline), in [0, 1]. Default 0.1.</summary>
        public double BaselineRate { get; set; } = 0.1;

        /// <summary>
        /// The baseline before the first episode; null (the default) takes the first episode's return, so the first
        /// dopamine is 0 instead of a whole return, whose sign only says whether returns are positive at all.
        /// </summary>
        public double? InitialBaseline { get; set; }

        /// <summary>
        /// Whether dopamine (return − baseline) modulates the weight change. False gives plain STDP, ΔW = η·E after
        /// every episode whatever its return: the ablation that shows what the reward adds. Default true.
        /// </summary>
        public bool DopamineModulation { get; set; } = true;

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
            if (!(InputConnectivity > 0 && InputConnectivity <= 1))
                throw new ArgumentOutOfRangeException(nameof(InputConnectivity), InputConnectivity, $"{nameof(InputConnectivity)} must lie in (0, 1]; it is {InputConnectivity}.");
            OptionChecks.NotNull(Stdp, nameof(Stdp));
            _ = new SpikeTimingDependentPlasticity(1, 1, Stdp);
            OptionChecks.NotNegativeFinite(LearningRate, nameof(LearningRate));
            OptionChecks.Unit(BaselineRate, nameof(BaselineRate));
            if (InitialBaseline is double b)
                OptionChecks.Finite(b, nameof(InitialBaseline));
        }
    }
}
