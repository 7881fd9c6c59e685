namespace Synaptic.ML.Plasticity;

/// <summary>
/// Three-factor reward-modulated STDP (Izhikevich, 2007; Florian, 2007; Frémaux and Gerstner, 2016)
/// for a <see cref="LifPopulation"/>'s recurrent weights: during a trial the STDP eligibility E is
/// accumulated step by step; at the trial's end ΔW = η·(R − R̄)·E, then W is clipped into the E/I
/// bounds. The baseline R̄ is an exponential moving average of past rewards,
/// R̄ ← R̄ + α·(R − R̄), updated after the weight change, so a trial is compared with the trials before it.
/// </summary>
/// <example>
/// <code>
/// var net = new LifPopulation(null, seed: 1);
/// var rule = new RewardModulatedStdp(net);
/// for (var t = 0; t &lt; 200; t++) rule.Observe(net.Step(input));
/// rule.EndTrial(reward, net);
/// </code>
/// </example>
public sealed class RewardModulatedStdp
{
    /// <summary>Settings of <see cref="RewardModulatedStdp"/>.</summary>
    public sealed class Options
    {
        /// <summary>Learning rate η; ≥ 0. Default 1 (the STDP amplitudes already set the step size).</summary>
        public float LearningRate { get; set; } = 1f;

        /// <summary>Rate α of the reward baseline's moving average, in [0, 1]; 0 keeps the initial baseline. Default 0.1.</summary>
        public float BaselineRate { get; set; } = 0.1f;

        /// <summary>Baseline R̄ before the first trial. Default 0.</summary>
        public float InitialBaseline { get; set; }

        /// <summary>Clear the STDP traces at the end of each trial (independent trials). Default true.</summary>
        public bool ResetTracesBetweenTrials { get; set; } = true;

        /// <summary>Settings of the underlying STDP eligibility; null for its defaults.</summary>
        public SpikeTimingDependentPlasticity.Options? Stdp { get; set; }
    }

    private readonly float _learningRate;
    private readonly float _baselineRate;
    private readonly bool _resetTraces;

    /// <summary>Creates the rule for the recurrent weights of <paramref name="population"/>.</summary>
    /// <param name="population">The population whose W will be trained.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public RewardModulatedStdp(LifPopulation population, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(population);
        var o = options ?? new Options();
        if (!(o.LearningRate >= 0) || !float.IsFinite(o.LearningRate))
            throw new ArgumentOutOfRangeException(nameof(Options.LearningRate), o.LearningRate, "The learning rate must be non-negative and finite.");
        if (!(o.BaselineRate >= 0 && o.BaselineRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(Options.BaselineRate), o.BaselineRate, "The baseline rate must lie in [0, 1].");
        if (!float.IsFinite(o.InitialBaseline))
            throw new ArgumentOutOfRangeException(nameof(Options.InitialBaseline), o.InitialBaseline, "The initial baseline must be finite.");
        _learningRate = o.LearningRate;
        _baselineRate = o.BaselineRate;
        _resetTraces = o.ResetTracesBetweenTrials;
        Baseline = o.InitialBaseline;
        Stdp = new SpikeTimingDependentPlasticity(population.Size, population.Size, o.Stdp);
    }

    /// <summary>The STDP rule whose eligibility this rule accumulates.</summary>
    public SpikeTimingDependentPlasticity Stdp { get; }

    /// <summary>Current reward baseline R̄.</summary>
    public float Baseline { get; private set; }

    /// <summary>Accumulates one step's eligibility; in a recurrent population pre- and postsynaptic spikes are the same vector.</summary>
    /// <param name="spikes">This step's spikes of the population.</param>
    public void Observe(ReadOnlySpan<float> spikes) => Stdp.Update(spikes, spikes);

    /// <summary>Applies ΔW = η·(R − R̄)·E to <paramref name="population"/>, clips W, updates R̄ and clears E.</summary>
    /// <param name="reward">The trial's reward R; finite.</param>
    /// <param name="population">The population observed during the trial.</param>
    /// <returns>The modulating factor R − R̄ that was used.</returns>
    public float EndTrial(float reward, LifPopulation population)
    {
        ArgumentNullException.ThrowIfNull(population);
        if (!float.IsFinite(reward))
            throw new ArgumentOutOfRangeException(nameof(reward), reward, "The reward must be finite.");
        if (population.Size != Stdp.PreCount)
            throw new ArgumentException($"The population has {population.Size} neurons; this rule was built for {Stdp.PreCount}.", nameof(population));
        var modulation = reward - Baseline;
        if (modulation != 0f && _learningRate != 0f)
            population.ApplyWeightChange(Stdp.Eligibility, _learningRate * modulation);
        Baseline += _baselineRate * (reward - Baseline);
        if (_resetTraces)
            Stdp.Reset();
        else
            Stdp.ClearEligibility();
        return modulation;
    }
}
