namespace Synaptic.ML.Trainers;

public sealed partial class SpikingMazeAgentTrainer
{
    /// <summary>
    /// Options of <see cref="SpikingMazeAgentTrainer"/>: the place-cell → action-pool network, the STDP eligibility,
    /// the TD critic whose error is the dopamine, and the optional teacher. The defaults learn
    /// <see cref="MazeMaps.Maze8x8"/> (see Synaptic.ML.Trainers/Plasticity/Maze/README.md for the measurements).
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
        /// <see cref="EnvironmentTrainerOptions.TotalTimesteps"/> environment steps were taken. Default 200.
        /// </summary>
        public int Episodes { get; set; } = 200;

        /// <summary>LIF action neurons P per action (one pool per action). Positive. Default 5.</summary>
        public int PoolSize { get; set; } = 5;

        /// <summary>Neuron steps T per decision (the window the place cell spikes in). Positive. Default 30.</summary>
        public int StepsPerDecision { get; set; } = 30;

        /// <summary>Spike probability per neuron step of the active place cell, in (0, 1]. Default 0.5.</summary>
        public double InputRate { get; set; } = 0.5;

        /// <summary>Membrane time constant τ_m of the action neurons, in neuron steps; at least 1. Default 10.</summary>
        public double MembraneTau { get; set; } = 10;

        /// <summary>
        /// Standard deviation σ of the membrane noise per neuron step (threshold 1), the agent's exploration during
        /// training; non-negative. Default 0.3.
        /// </summary>
        public double NoiseStd { get; set; } = 0.3;

        /// <summary>Lateral inhibition w_inh: current removed from every action neuron per spike of another pool at the previous step; non-negative. Default 0.3.</summary>
        public double Inhibition { get; set; } = 0.3;

        /// <summary>Smallest weight (the clip's lower bound). Default 0.</summary>
        public double WeightMin { get; set; }

        /// <summary>Largest weight (the clip's upper bound). Default 1.</summary>
        public double WeightMax { get; set; } = 1;

        /// <summary>The mean initial weight, within [<see cref="WeightMin"/>, <see cref="WeightMax"/>]. Default 0.6.</summary>
        public double InitialWeight { get; set; } = 0.6;

        /// <summary>Initial weights are uniform in <see cref="InitialWeight"/> ± this (clipped into the range); non-negative. Default 0.05.</summary>
        public double InitialWeightSpread { get; set; } = 0.05;

        /// <summary>STDP potentiation amplitude A+ (pre before post); non-negative. Default 1.</summary>
        public double StdpPlus { get; set; } = 1;

        /// <summary>
        /// STDP depression amplitude A− (post before pre); non-negative. Default 0.5: below A+, so that the eligibility
        /// of a pool that fired with its place cell is positive and a negative dopamine lowers it (with A− &gt; A+ the
        /// uncorrelated part flips the sign; see Plasticity/README.md).
        /// </summary>
        public double StdpMinus { get; set; } = 0.5;

        /// <summary>Time constant τ_s of the STDP traces, in neuron steps; positive. Default 5.</summary>
        public double StdpTau { get; set; } = 5;

        /// <summary>
        /// Whether each decision's eligibility is centred over the action neurons, e_i ← e_i − mean(e), so it sums to 0
        /// and a dopamine moves the chosen pool's weights against the others' (the spiking counterpart of a softmax
        /// policy's 1[a] − π(a)); false keeps plain STDP tags, which only change the weights of neurons that fired.
        /// Default true.
        /// </summary>
        public bool CenteredEligibility { get; set; } = true;

        /// <summary>Decay λ of the eligibility trace from one decision to the next, E ← λ·E + e, in [0, 1]. Default 0.8.</summary>
        public double EligibilityDecay { get; set; } = 0.8;

        /// <summary>Learning rate η of ΔW = η·δ·E; non-negative (0 freezes the weights). Default 0.5.</summary>
        public double LearningRate { get; set; } = 0.5;

        /// <summary>Discount γ of the critic's TD error δ = r + γ·V(s′) − V(s), in [0, 1]. Default 0.95.</summary>
        public double Gamma { get; set; } = 0.95;

        /// <summary>Learning rate α of the tabular critic on the place cells, V(s) ← V(s) + α·δ, in [0, 1]. Default 0.1.</summary>
        public double CriticLearningRate { get; set; } = 0.1;

        /// <summary>
        /// The critic's value V(s) of every place cell before training; finite. Above the returns the maze gives (an
        /// optimistic critic), it makes cells not yet visited look better than visited ones, so the TD error drives the
        /// agent out of loops and into new cells. Default 0.5.
        /// </summary>
        public double InitialValue { get; set; } = 0.5;

        /// <summary>
        /// Whether the dopamine is the critic's TD error δ. False is the ablation, plain STDP: the dopamine is fixed at 1,
        /// ΔW = η·E after every decision whatever the reward (a teacher's own update, <see cref="TeacherDopamine"/>, stays).
        /// Default true.
        /// </summary>
        public bool DopamineModulation { get; set; } = true;

        /// <summary>
        /// Fraction of training decisions on which the teacher injects <see cref="InjectedCurrent"/> into the pool of a
        /// shortest-path action (<see cref="MazeTeacher"/>, on the environment's <c>GridWorld</c> map), so the pool is
        /// likely to win and STDP tags it; the tags are applied at once with <see cref="TeacherDopamine"/> and also enter the
        /// trace that the critic's TD error modulates. In [0, 1]. Default 0 (no teacher). The trained policy never sees the
        /// teacher. A 0.5 teacher learns <see cref="MazeMaps.Maze8x8"/> in 5 episodes where the agent alone needs 40–100.
        /// </summary>
        public double TeacherProbability { get; set; }

        /// <summary>
        /// The teacher's own dopamine κ: on a taught decision the window's eligibility is also applied at once,
        /// ΔW = η·κ·e (a supervised, teacher-gated update), besides entering the trace that the TD error modulates.
        /// Non-negative. Default 0.5.
        /// </summary>
        public double TeacherDopamine { get; set; } = 0.5;

        /// <summary>
        /// Fraction of the other training decisions (those the teacher does not drive) on which
        /// <see cref="InjectedCurrent"/> goes into a uniformly drawn pool instead: exploration by motor babbling, the
        /// spiking counterpart of ε-greedy, which the membrane noise alone does not give once one pool's weights saturate.
        /// In [0, 1]. Default 0.1. The trained policy never explores.
        /// </summary>
        public double ExplorationProbability { get; set; } = 0.1;

        /// <summary>The current per neuron step that the teacher or the exploration injects into its pool; non-negative. Default 1.</summary>
        public double InjectedCurrent { get; set; } = 1;

        /// <summary>The seed of every deterministic decision's place-cell spike train in the trained policy (<see cref="SpikingMazeAgentPolicy.NoiseSeed"/>). Default 1.</summary>
        public long PolicyNoiseSeed { get; set; } = 1;

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.Requires(NumberOfEnvironments == 1,
                $"{nameof(NumberOfEnvironments)} must be 1: the spiking maze agent learns from one episode at a time; it is {NumberOfEnvironments}.");
            OptionChecks.Positive(Episodes, nameof(Episodes));
            OptionChecks.Positive(PoolSize, nameof(PoolSize));
            OptionChecks.Positive(StepsPerDecision, nameof(StepsPerDecision));
            if (!(InputRate > 0 && InputRate <= 1))
                throw new ArgumentOutOfRangeException(nameof(InputRate), InputRate, $"{nameof(InputRate)} must lie in (0, 1]; it is {InputRate}.");
            if (!(MembraneTau >= 1) || !double.IsFinite(MembraneTau))
                throw new ArgumentOutOfRangeException(nameof(MembraneTau), MembraneTau, $"{nameof(MembraneTau)} must be a finite number of at least 1 step; it is {MembraneTau}.");
            OptionChecks.NotNegativeFinite(NoiseStd, nameof(NoiseStd));
            OptionChecks.NotNegativeFinite(Inhibition, nameof(Inhibition));
            OptionChecks.Finite(WeightMin, nameof(WeightMin));
            OptionChecks.Finite(WeightMax, nameof(WeightMax));
            if (!(WeightMin < WeightMax))
                throw new ArgumentOutOfRangeException(nameof(WeightMax), WeightMax, $"{nameof(WeightMax)} ({WeightMax}) must exceed {nameof(WeightMin)} ({WeightMin}).");
            if (!(InitialWeight >= WeightMin && InitialWeight <= WeightMax))
                throw new ArgumentOutOfRangeException(nameof(InitialWeight), InitialWeight, $"{nameof(InitialWeight)} must lie in [{WeightMin}, {WeightMax}]; it is {InitialWeight}.");
            OptionChecks.NotNegativeFinite(InitialWeightSpread, nameof(InitialWeightSpread));
            OptionChecks.NotNegativeFinite(StdpPlus, nameof(StdpPlus));
            OptionChecks.NotNegativeFinite(StdpMinus, nameof(StdpMinus));
            OptionChecks.PositiveFinite(StdpTau, nameof(StdpTau));
            OptionChecks.Unit(EligibilityDecay, nameof(EligibilityDecay));
            OptionChecks.NotNegativeFinite(LearningRate, nameof(LearningRate));
            OptionChecks.Unit(Gamma, nameof(Gamma));
            OptionChecks.Unit(CriticLearningRate, nameof(CriticLearningRate));
            OptionChecks.Finite(InitialValue, nameof(InitialValue));
            OptionChecks.Unit(TeacherProbability, nameof(TeacherProbability));
            OptionChecks.NotNegativeFinite(TeacherDopamine, nameof(TeacherDopamine));
            OptionChecks.Unit(ExplorationProbability, nameof(ExplorationProbability));
            OptionChecks.NotNegativeFinite(InjectedCurrent, nameof(InjectedCurrent));
        }
    }
}
