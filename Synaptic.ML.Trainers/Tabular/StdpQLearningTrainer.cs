using Microsoft.ML;

namespace Synaptic.ML.Trainers;

/// <summary>
/// STDP-modulated Q-learning: Q(s, a) is the weight W[s, a] of the synapse from a state neuron (one per discrete
/// state) to an action neuron (one per action), and each step changes it by a three-factor rule — a
/// spike-timing-dependent eligibility of the (state, action) pair, gated by the temporal-difference error δ as the
/// neuromodulator (reward-modulated STDP; Izhikevich 2007, Florian 2007, Frémaux and Gerstner 2016) — mixed with the
/// plain Q-learning step:
/// <code>
/// ΔW[s, a] = α·δ·[(1 − m) + m·stdp(Δt)],   δ = r + γ·max_b W[s′, b] − W[s, a]
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// Spike timing within a step. The state neuron s fires at the step's start (t_pre = 0) and drives every action
/// neuron b through its synapse W[s, b]. Lateral divisive normalisation turns the row into drives in [0, 1],
/// u_b = (W[s, b] − min W[s, ·]) / (max W[s, ·] − min W[s, ·]) (all 1 when the row is flat), and action neuron b is a
/// leaky integrate-and-fire neuron (threshold 1, τ_m dV/dt = −V + I_b, V(0) = 0) with constant input
/// I_b = I_max·u_b. It fires first at
/// <code>
/// t_b = τ_m·ln(I_b / (I_b − 1))   when I_b &gt; 1,
/// </code>
/// so a stronger synapse fires earlier and the first spike is the greedy action (the table's argmax, the action
/// <see cref="QTablePolicy"/> takes). A neuron whose drive stays at or below threshold, or whose spike would come
/// after the step's window T, is made to fire at T when exploration chooses it: t_b = min(t_b, T).
/// </para>
/// <para>
/// The pair (pre s at 0, post a at t_a) is causal, Δt = t_a − t_pre ≥ 0, so the exponential STDP window gives
/// potentiation stdp(Δt) = A₊·e^{−Δt/τ₊}; depression comes from the sign of δ, the third factor, not from an
/// anti-causal pair (there is none in this scheme). The chosen action's weight thus moves fastest when its neuron
/// fired early (the synapse that caused the choice), and more slowly for an exploratory action the network did not
/// favour. m = 0 is Q-learning exactly (the same table for the same seed); m = 1 is the pure three-factor rule.
/// </para>
/// <para>
/// Only W[s, a] of the chosen action changes, as in Q-learning, and with A₊ ≤ 1 the step never exceeds α·δ, so the
/// usual convergence conditions of Q-learning hold with a per-pair step size in [α·(1 − m + m·A₊·e^{−T/τ₊}), α].
/// Each training episode's row of the history records Σ|ΔW| over its steps (<see cref="MetricKeys.WeightChange"/>).
/// The result is a <see cref="QTablePolicy"/>: the weights are the table.
/// </para>
/// </remarks>
public sealed class StdpQLearningTrainer : TabularTrainer<StdpQLearningTrainer.Options>
{
    private double[] _weightChange = [];

    internal StdpQLearningTrainer(MLContext context, Options options) : base(context, options, nameof(StdpQLearningTrainer))
    {
    }

    /// <summary>Options of <see cref="StdpQLearningTrainer"/>: those of <see cref="TabularOptions"/> and the spike-timing ones. Times are in ms.</summary>
    public sealed class Options : TabularOptions
    {
        /// <summary>Mixing m in [0, 1] of the STDP-gated step with the plain TD step: ΔW = α·δ·[(1 − m) + m·stdp(Δt)]. 0 is Q-learning. Default 0.5.</summary>
        public double Mixing { get; set; } = 0.5;

        /// <summary>Potentiation amplitude A₊ of the STDP window, in (0, 1] so the step never exceeds α·δ. Default 1.</summary>
        public double APlus { get; set; } = 1.0;

        /// <summary>Time constant τ₊ of the STDP window, in ms; positive. Default 20.</summary>
        public double TauPlus { get; set; } = 20.0;

        /// <summary>Membrane time constant τ_m of the action neurons, in ms; positive. Default 10.</summary>
        public double MembraneTimeConstant { get; set; } = 10.0;

        /// <summary>
        /// Input I_max of the most strongly driven action neuron, in units of the threshold; greater than 1. The greedy
        /// action fires at τ_m·ln(I_max / (I_max − 1)) (6.9 ms with the defaults). Default 2.
        /// </summary>
        public double MaximumDrive { get; set; } = 2.0;

        /// <summary>Window T of a step, in ms: the latest an action neuron's spike is counted (a chosen action that has not fired by then is paired at T). Positive. Default 50.</summary>
        public double Window { get; set; } = 50.0;

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.Unit(Mixing, nameof(Mixing));
            if (!(APlus > 0 && APlus <= 1))
                throw new ArgumentOutOfRangeException(nameof(APlus), APlus, $"{nameof(APlus)} must lie in (0, 1]; it is {APlus}.");
            OptionChecks.PositiveFinite(TauPlus, nameof(TauPlus));
            OptionChecks.PositiveFinite(MembraneTimeConstant, nameof(MembraneTimeConstant));
            if (!(MaximumDrive > 1) || double.IsInfinity(MaximumDrive))
                throw new ArgumentOutOfRangeException(nameof(MaximumDrive), MaximumDrive, $"{nameof(MaximumDrive)} must be finite and greater than 1 (the threshold), or no action neuron fires; it is {MaximumDrive}.");
            OptionChecks.PositiveFinite(Window, nameof(Window));
        }
    }

    /// <summary>
    /// The first-spike time of action neuron <paramref name="action"/> after the state neuron fired at 0: the leaky
    /// integrate-and-fire latency τ_m·ln(I / (I − 1)) of its normalised drive I = I_max·u, capped at the window.
    /// </summary>
    /// <param name="row">W[s, ·], the synapses from the state neuron that fired.</param>
    /// <param name="action">The action neuron.</param>
    /// <param name="maximumDrive">I_max.</param>
    /// <param name="membraneTimeConstant">τ_m.</param>
    /// <param name="window">T.</param>
    /// <returns>The spike time in ms, in (0, T].</returns>
    internal static double SpikeTime(ReadOnlySpan<float> row, int action, double maximumDrive, double membraneTimeConstant, double window)
    {
        float min = row[0], max = row[0];
        foreach (var w in row)
        {
            min = Math.Min(min, w);
            max = Math.Max(max, w);
        }
        var drive = max > min ? maximumDrive * ((double)row[action] - min) / ((double)max - min) : maximumDrive;
        return drive > 1 ? Math.Min(window, membraneTimeConstant * Math.Log(drive / (drive - 1))) : window;
    }

    /// <summary>The causal side of the exponential STDP window: A₊·e^{−Δt/τ₊} for Δt = t_post − t_pre ≥ 0.</summary>
    /// <param name="delay">Δt in ms.</param>
    /// <param name="aPlus">A₊.</param>
    /// <param name="tauPlus">τ₊ in ms.</param>
    /// <returns>The eligibility of the pair.</returns>
    internal static double Potentiation(double delay, double aPlus, double tauPlus) => aPlus * Math.Exp(-delay / tauPlus);

    private protected override double Increment(ReadOnlySpan<float> row, int action, double error, int environment)
    {
        var o = TrainerOptions;
        var stdp = Potentiation(SpikeTime(row, action, o.MaximumDrive, o.MembraneTimeConstant, o.Window), o.APlus, o.TauPlus);
        var increment = o.LearningRate * error * ((1 - o.Mixing) + o.Mixing * stdp);
        _weightChange[environment] += Math.Abs(increment);
        return increment;
    }

    private protected override void StartLearner(int environments) => _weightChange = new double[environments];

    private protected override IEnumerable<KeyValuePair<string, double>>? EndEpisode(int environment)
    {
        var change = _weightChange[environment];
        _weightChange[environment] = 0;
        return [new(MetricKeys.WeightChange, change)];
    }

    private protected override void WriteLearnerState(BinaryWriter writer)
    {
        foreach (var change in _weightChange)
            writer.Write(change);
    }

    private protected override void ReadLearnerState(BinaryReader reader)
    {
        for (var i = 0; i < _weightChange.Length; i++)
            _weightChange[i] = reader.ReadDouble();
    }

    private protected override double Bootstrap(ReadOnlySpan<float> next, int nextAction, double epsilon) => next[QTablePolicy.Greedy(next)];
}
