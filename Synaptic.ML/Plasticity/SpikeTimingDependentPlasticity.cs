using System.Numerics.Tensors;

namespace Synaptic.ML.Plasticity;

/// <summary>
/// Pair-based, all-to-all additive STDP with exponential traces (Song, Miller and Abbott, 2000;
/// Morrison, Diesmann and Gerstner, 2008). It keeps a presynaptic trace x_j and a postsynaptic
/// trace y_i and accumulates an eligibility matrix E [post × pre]:
/// E_ij += A+·x_j·[post i spiked] − A−·y_i·[pre j spiked].
/// </summary>
/// <remarks>
/// Discretisation, per <see cref="Update"/> at step t: (1) x ← x·e^{−dt/τ+}, y ← y·e^{−dt/τ−};
/// (2) E is updated with these decayed traces, which do not yet contain step t's spikes;
/// (3) x ← x + s_pre, y ← y + s_post. A single pair with Δt = t_post − t_pre therefore gives exactly
/// E = A+·e^{−Δt·dt/τ+} for Δt &gt; 0, −A−·e^{Δt·dt/τ−} for Δt &lt; 0 and 0 for Δt = 0.
/// Use E directly as ΔW (plain STDP, <see cref="LifPopulation.ApplyWeightChange"/> with scale 1) or as
/// the eligibility of a three-factor rule (<see cref="RewardModulatedStdp"/>). Nothing is allocated per step.
/// </remarks>
public sealed class SpikeTimingDependentPlasticity
{
    /// <summary>Settings of <see cref="SpikeTimingDependentPlasticity"/>.</summary>
    public sealed class Options
    {
        /// <summary>Potentiation amplitude A+; ≥ 0. Default 0.005.</summary>
        public float APlus { get; set; } = 0.005f;

        /// <summary>Depression amplitude A−; ≥ 0. Default 0.00525 (slightly stronger than A+, for stability).</summary>
        public float AMinus { get; set; } = 0.00525f;

        /// <summary>Presynaptic trace time constant τ+ in ms; positive. Default 20.</summary>
        public float TauPlus { get; set; } = 20f;

        /// <summary>Postsynaptic trace time constant τ− in ms; positive. Default 20.</summary>
        public float TauMinus { get; set; } = 20f;

        /// <summary>Step dt in ms; positive. Default 1.</summary>
        public float TimeStep { get; set; } = 1f;
    }

    private readonly float[] _preTrace;
    private readonly float[] _postTrace;
    private readonly float[] _eligibility;
    private readonly float _aPlus;
    private readonly float _aMinus;
    private readonly float _preDecay;
    private readonly float _postDecay;

    /// <summary>Creates the rule for a [post × pre] synapse matrix.</summary>
    /// <param name="postCount">Number of postsynaptic neurons (rows).</param>
    /// <param name="preCount">Number of presynaptic neurons (columns).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public SpikeTimingDependentPlasticity(int postCount, int preCount, Options? options = null)
    {
        if (postCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(postCount), postCount, "STDP needs at least one postsynaptic neuron.");
        if (preCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(preCount), preCount, "STDP needs at least one presynaptic neuron.");
        var o = options ?? new Options();
        if (!(o.APlus >= 0) || !float.IsFinite(o.APlus))
            throw new ArgumentOutOfRangeException(nameof(Options.APlus), o.APlus, "A+ must be non-negative and finite.");
        if (!(o.AMinus >= 0) || !float.IsFinite(o.AMinus))
            throw new ArgumentOutOfRangeException(nameof(Options.AMinus), o.AMinus, "A− must be non-negative and finite.");
        if (!(o.TauPlus > 0))
            throw new ArgumentOutOfRangeException(nameof(Options.TauPlus), o.TauPlus, "τ+ must be positive.");
        if (!(o.TauMinus > 0))
            throw new ArgumentOutOfRangeException(nameof(Options.TauMinus), o.TauMinus, "τ− must be positive.");
        if (!(o.TimeStep > 0) || !float.IsFinite(o.TimeStep))
            throw new ArgumentOutOfRangeException(nameof(Options.TimeStep), o.TimeStep, "The time step must be positive and finite.");
        PostCount = postCount;
        PreCount = preCount;
        _aPlus = o.APlus;
        _aMinus = o.AMinus;
        _preDecay = MathF.Exp(-o.TimeStep / o.TauPlus);
        _postDecay = MathF.Exp(-o.TimeStep / o.TauMinus);
        _preTrace = new float[preCount];
        _postTrace = new float[postCount];
        _eligibility = new float[postCount * preCount];
    }

    /// <summary>Number of postsynaptic neurons (rows of E).</summary>
    public int PostCount { get; }

    /// <summary>Number of presynaptic neurons (columns of E).</summary>
    public int PreCount { get; }

    /// <summary>Presynaptic traces x_j.</summary>
    public ReadOnlySpan<float> PreTrace => _preTrace;

    /// <summary>Postsynaptic traces y_i.</summary>
    public ReadOnlySpan<float> PostTrace => _postTrace;

    /// <summary>Accumulated eligibility E, row-major [post × pre], since the last <see cref="ClearEligibility"/>.</summary>
    public ReadOnlySpan<float> Eligibility => _eligibility;

    /// <summary>Advances the traces one step and accumulates this step's pairings into E.</summary>
    /// <param name="preSpikes">Presynaptic spikes of this step (1 or 0), length <see cref="PreCount"/>.</param>
    /// <param name="postSpikes">Postsynaptic spikes of this step (1 or 0), length <see cref="PostCount"/>.</param>
    public void Update(ReadOnlySpan<float> preSpikes, ReadOnlySpan<float> postSpikes)
    {
        if (preSpikes.Length != PreCount)
            throw new ArgumentException($"Presynaptic spikes have {preSpikes.Length} values; STDP expects {PreCount}.", nameof(preSpikes));
        if (postSpikes.Length != PostCount)
            throw new ArgumentException($"Postsynaptic spikes have {postSpikes.Length} values; STDP expects {PostCount}.", nameof(postSpikes));

        TensorPrimitives.Multiply(_preTrace, _preDecay, _preTrace);
        TensorPrimitives.Multiply(_postTrace, _postDecay, _postTrace);

        var anyPre = TensorPrimitives.MaxMagnitude(preSpikes) != 0f;
        for (var i = 0; i < PostCount; i++)
        {
            var row = _eligibility.AsSpan(i * PreCount, PreCount);
            var post = postSpikes[i];
            if (post != 0f)
                TensorPrimitives.MultiplyAdd(_preTrace, _aPlus * post, row, row); // LTP: pre before post
            var y = _postTrace[i];
            if (anyPre && y != 0f)
                TensorPrimitives.MultiplyAdd(preSpikes, -_aMinus * y, row, row); // LTD: post before pre
        }

        TensorPrimitives.Add(_preTrace, preSpikes, _preTrace);
        TensorPrimitives.Add(_postTrace, postSpikes, _postTrace);
    }

    /// <summary>Sets E to zero (after it has been applied); the traces are kept.</summary>
    public void ClearEligibility() => Array.Clear(_eligibility);

    /// <summary>Sets E and both traces to zero (for example between independent trials).</summary>
    public void Reset()
    {
        Array.Clear(_eligibility);
        Array.Clear(_preTrace);
        Array.Clear(_postTrace);
    }
}
