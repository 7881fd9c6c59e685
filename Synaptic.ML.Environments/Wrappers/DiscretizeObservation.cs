namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Turns a continuous Box observation into one integer for tabular methods, as Gymnasium's
/// <c>DiscretizeObservation</c>: each element d is cut into <c>bins[d]</c> equal-width bins between
/// bounds low[d] and high[d], and the bin indices are combined row-major (the first element most
/// significant) into one value of Discrete(Π bins), or kept apart as MultiDiscrete(bins).
/// </summary>
/// <remarks>
/// <para>
/// Bin edges: with w = (high − low) / bins, the interior edges are eⱼ = low + j·w for
/// j = 1 … bins − 1 (computed in double; see <see cref="BinEdges"/>). A value x falls in bin b when
/// e_b ≤ x &lt; e_{b+1}, taking e₀ = −∞ and e_bins = +∞: values below low land in the first bin and
/// values at or above high in the last, as Gymnasium's clip-then-digitize does.
/// </para>
/// <para>
/// The bounds default to the observation space's, which must then be finite; pass your own for
/// unbounded elements (e.g. ±3 for CartPole's velocities). Allocation-free per step.
/// </para>
/// </remarks>
public sealed class DiscretizeObservation : Wrapper
{
    // A Discrete value travels as one float, which holds integers exactly only up to 2^24.
    private const long MaxStates = 1 << 24;

    private readonly int[] _bins;
    private readonly int[] _edgeStart;
    private readonly double[] _edges;
    private readonly float[] _low;
    private readonly float[] _high;
    private readonly float[] _raw;
    private readonly Space _observationSpace;

    /// <summary>Wraps <paramref name="env"/> with the same number of bins for every element.</summary>
    /// <param name="env">The environment; its observation space must be a Box.</param>
    /// <param name="bins">Bins per element, positive.</param>
    /// <param name="low">Lower bounds, one per element; defaults to the space's.</param>
    /// <param name="high">Upper bounds, one per element; defaults to the space's.</param>
    /// <param name="multiDiscrete">Return one bin index per element (MultiDiscrete) instead of one combined integer (Discrete).</param>
    public DiscretizeObservation(Env env, int bins, float[]? low = null, float[]? high = null, bool multiDiscrete = false)
        : this(env, Enumerable.Repeat(bins, (env ?? throw new ArgumentNullException(nameof(env))).ObservationSpace.Size).ToArray(), low, high, multiDiscrete)
    {
    }

    /// <summary>Wraps <paramref name="env"/> with per-element bin counts.</summary>
    /// <param name="env">The environment; its observation space must be a Box.</param>
    /// <param name="bins">Bins of each element, each positive.</param>
    /// <param name="low">Lower bounds, one per element; defaults to the space's.</param>
    /// <param name="high">Upper bounds, one per element; defaults to the space's.</param>
    /// <param name="multiDiscrete">Return one bin index per element (MultiDiscrete) instead of one combined integer (Discrete).</param>
    /// <exception cref="ArgumentException">Not a Box, unbounded without explicit bounds, or bins/bounds of the wrong length or value.</exception>
    public DiscretizeObservation(Env env, int[] bins, float[]? low = null, float[]? high = null, bool multiDiscrete = false)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var box = SpaceRequirements.RequireBox(env.ObservationSpace, nameof(DiscretizeObservation), "observation", env.Id);
        var n = box.Size;
        if (bins.Length != n)
            throw new ArgumentException($"DiscretizeObservation got {bins.Length} bin counts; {env.Id}'s observations have {n} elements.", nameof(bins));
        _low = low is null ? box.Low.ToArray() : CheckLength(low, n, nameof(low), env.Id);
        _high = high is null ? box.High.ToArray() : CheckLength(high, n, nameof(high), env.Id);
        long combined = 1;
        for (var d = 0; d < n; d++)
        {
            if (bins[d] <= 0)
                throw new ArgumentException($"Element {d} has {bins[d]} bins; each element needs at least one.", nameof(bins));
            if (!float.IsFinite(_low[d]) || !float.IsFinite(_high[d]) || !(_low[d] < _high[d]))
                throw new ArgumentException(
                    $"Element {d} of {env.Id}'s observations would be binned over [{_low[d]}, {_high[d]}]; bins need finite bounds with low < high"
                    + (low is null ? $" (the observation space is {box}; pass low and high)." : "."), low is null ? nameof(env) : nameof(low));
            combined = Math.Min(combined * bins[d], MaxStates + 1);
        }
        if (!multiDiscrete && combined > MaxStates)
            throw new ArgumentException(
                $"Bins [{string.Join(", ", bins)}] make more than 2^24 states, which one Discrete value cannot hold exactly. Use fewer bins or multiDiscrete.", nameof(bins));
        _bins = (int[])bins.Clone();
        _edgeStart = new int[n + 1];
        for (var d = 0; d < n; d++)
            _edgeStart[d + 1] = _edgeStart[d] + _bins[d] - 1;
        _edges = new double[_edgeStart[n]];
        for (var d = 0; d < n; d++)
        {
            var width = ((double)_high[d] - _low[d]) / _bins[d];
            for (var j = 1; j < _bins[d]; j++)
                _edges[_edgeStart[d] + j - 1] = _low[d] + j * width;
        }
        _raw = new float[n];
        MultiDiscrete = multiDiscrete;
        _observationSpace = multiDiscrete ? new MultiDiscreteSpace(_bins) : new DiscreteSpace((int)combined);
    }

    /// <summary>Discrete(Π bins), or MultiDiscrete(bins) when built with <c>multiDiscrete</c>.</summary>
    public override Space ObservationSpace => _observationSpace;

    /// <summary>Whether observations are per-element bin indices rather than one combined integer.</summary>
    public bool MultiDiscrete { get; }

    /// <summary>Bins of each element.</summary>
    public ReadOnlySpan<int> Bins => _bins;

    /// <summary>The raw observation of the last reset or step, before binning.</summary>
    public ReadOnlySpan<float> RawObservation => _raw;

    /// <summary>The interior bin edges of element <paramref name="dimension"/>: bins − 1 increasing values.</summary>
    /// <param name="dimension">An element index.</param>
    /// <returns>e₁ … e_{bins−1}.</returns>
    public ReadOnlySpan<double> BinEdges(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dimension, _bins.Length);
        return _edges.AsSpan(_edgeStart[dimension], _bins[dimension] - 1);
    }

    /// <summary>The bin of value <paramref name="x"/> of element <paramref name="dimension"/>.</summary>
    /// <param name="dimension">An element index.</param>
    /// <param name="x">A raw value.</param>
    /// <returns>The number of interior edges ≤ x, in [0, bins).</returns>
    public int BinOf(int dimension, float x)
    {
        var edges = BinEdges(dimension);
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] <= x)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        Inner.Reset(_raw, seed);
        Discretize(observation);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Inner.Step(action, _raw);
        Discretize(observation);
        return outcome;
    }

    /// <summary>Writes the wrapped environment's state and the raw observation (<see cref="RawObservation"/>).</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_raw.Length);
        foreach (var value in _raw)
            writer.Write(value);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The saved observation has another number of values.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var length = reader.ReadInt32();
        if (length != _raw.Length)
            throw new InvalidDataException($"The saved state of {Id}'s DiscretizeObservation holds a {length}-value observation; the wrapped observations have {_raw.Length}.");
        for (var i = 0; i < _raw.Length; i++)
            _raw[i] = reader.ReadSingle();
    }

    private void Discretize(Span<float> observation)
    {
        var combined = 0;
        for (var d = 0; d < _raw.Length; d++)
        {
            var bin = BinOf(d, _raw[d]);
            if (MultiDiscrete)
                observation[d] = bin;
            else
                combined = combined * _bins[d] + bin;
        }
        if (!MultiDiscrete)
            observation[0] = combined;
    }

    private static float[] CheckLength(float[] bounds, int n, string name, string envId) =>
        bounds.Length == n ? (float[])bounds.Clone()
            : throw new ArgumentException($"{name} has {bounds.Length} values; {envId}'s observations have {n} elements.", name);
}
