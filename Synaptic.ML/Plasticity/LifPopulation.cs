using System.Numerics.Tensors;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Plasticity;

/// <summary>
/// A recurrent population of N leaky integrate-and-fire neurons for gradient-free plasticity:
/// dV/dt = (−V + I_base + ξ + I_syn + I_ext)/τ, integrated with forward Euler,
/// V ← V + (dt/τ)·(−V + I), with I_syn = W·s_{t−1} (the previous step's spikes), ξ ~ N(0, σ²)
/// drawn afresh for every neuron and step, a spike when V ≥ θ, then V ← V_reset and an optional
/// refractory period during which V is held at V_reset.
/// </summary>
/// <remarks>
/// Neurons 0 … N_E−1 are excitatory and N_E … N−1 inhibitory (N_I = ⌊N·fraction⌋). W is row-major
/// [N×N], row = postsynaptic, column = presynaptic, so Dale's law is a constraint on columns:
/// an excitatory neuron's outgoing weights lie in [<see cref="Options.ExcitatoryMin"/>,
/// <see cref="Options.ExcitatoryMax"/>], an inhibitory one's in [<see cref="Options.InhibitoryMin"/>,
/// <see cref="Options.InhibitoryMax"/>]; <see cref="ApplyWeightChange"/> enforces this after every
/// plasticity update. There are no self-connections (the diagonal stays 0).
/// <para>
/// <see cref="Step"/> is event-driven and allocates nothing: I_syn sums only the columns of the neurons that spiked
/// in the previous step, read from a transposed copy of W (row j = neuron j's outgoing weights) so that each spike
/// adds one contiguous row. For every neuron the sum runs over the spiking neurons in ascending index, starting
/// from 0, with element-wise additions only, so the result is the same bits on every CPU whatever its SIMD width
/// (no dot products or other reductions whose order follows the vector width). The noise is drawn with the
/// ziggurat method (<see cref="ZigguratNormal"/>), exact N(0, σ²) and a pure function of the seed.
/// </para>
/// <para>
/// The transposed copy is rebuilt lazily: reading <see cref="Weights"/>, <see cref="ApplyWeightChange"/> and
/// <see cref="EnforceConstraints"/> mark it stale; a step right after such a change reads the rows of W directly
/// (the same sum in the same order), and the next one rebuilds the copy, so weights that change every step never
/// pay for a transpose. Write W only through a span read from <see cref="Weights"/> after the last
/// <see cref="Step"/>: a span kept from before a step and written after it would change W behind the copy's back.
/// </para>
/// </remarks>
public sealed class LifPopulation
{
    /// <summary>Settings of a <see cref="LifPopulation"/>; defaults are the lane-keeping network's.</summary>
    public sealed class Options
    {
        /// <summary>Number of neurons N. Default 100.</summary>
        public int Size { get; set; } = 100;

        /// <summary>Fraction of inhibitory neurons, in [0, 1]; N_I = ⌊N·fraction⌋. Default 0.2.</summary>
        public double InhibitoryFraction { get; set; } = 0.2;

        /// <summary>Membrane time constant τ in ms; positive. Default 20.</summary>
        public float Tau { get; set; } = 20f;

        /// <summary>Integration step dt in ms; positive and at most τ (Euler is unstable beyond). Default 1.</summary>
        public float TimeStep { get; set; } = 1f;

        /// <summary>Firing threshold θ; positive. Default 1.</summary>
        public float Threshold { get; set; } = 1f;

        /// <summary>Membrane potential after a spike; below <see cref="Threshold"/>. Default 0.</summary>
        public float ResetPotential { get; set; }

        /// <summary>Steps after a spike during which V is held at the reset potential; ≥ 0. Default 0.</summary>
        public int RefractorySteps { get; set; }

        /// <summary>Constant bias current I_base added to every neuron. Default 0.08.</summary>
        public float BaseCurrent { get; set; } = 0.08f;

        /// <summary>Standard deviation σ of the Gaussian current noise per neuron and step; ≥ 0. Default 0.2.</summary>
        public float NoiseStd { get; set; } = 0.2f;

        /// <summary>Lower bound of excitatory weights. Default 0.01.</summary>
        public float ExcitatoryMin { get; set; } = 0.01f;

        /// <summary>Upper bound of excitatory weights. Default 0.9.</summary>
        public float ExcitatoryMax { get; set; } = 0.9f;

        /// <summary>Lower bound of inhibitory weights. Default −0.9.</summary>
        public float InhibitoryMin { get; set; } = -0.9f;

        /// <summary>Upper bound of inhibitory weights. Default −0.01.</summary>
        public float InhibitoryMax { get; set; } = -0.01f;

        /// <summary>Initial |w| is drawn uniformly from [bound nearest 0, this value], then clipped. Default 0.1.</summary>
        public float InitialWeightMagnitude { get; set; } = 0.1f;
    }

    private readonly Options _options;
    private readonly float[] _weights;
    private readonly float[] _outgoing; // Wᵀ, row j = neuron j's outgoing weights; current only while _outgoingCurrent
    private readonly float[] _potential;
    private readonly float[] _spikes;
    private readonly int[] _fired; // indices of the last step's spikes, ascending; the first _firedCount are valid
    private readonly float[] _drive;
    private readonly float[] _scratch;
    private readonly int[] _refractory;
    private int _firedCount;
    private bool _outgoingCurrent;
    private bool _weightsChangedSinceStep;
    private SplitMix64 _random;

    /// <summary>Creates a population with random initial weights within the E/I bounds.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="seed">Seed of the initial weights and of the noise.</param>
    public LifPopulation(Options? options, ulong seed)
    {
        _options = options ?? new Options();
        Validate(_options);
        var n = _options.Size;
        ExcitatoryCount = n - (int)Math.Floor(n * _options.InhibitoryFraction);
        _weights = new float[n * n];
        _outgoing = new float[n * n];
        _potential = new float[n];
        _spikes = new float[n];
        _fired = new int[n];
        _drive = new float[n];
        _scratch = new float[n];
        _refractory = new int[n];
        _random = new SplitMix64(seed);
        var magnitude = _options.InitialWeightMagnitude;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var u = _random.NextSingle() * magnitude;
                _weights[i * n + j] = j < ExcitatoryCount ? u : -u;
            }
        }
        EnforceConstraints();
    }

    /// <summary>Number of neurons N.</summary>
    public int Size => _options.Size;

    /// <summary>Number of excitatory neurons N_E (indices 0 … N_E−1); the rest are inhibitory.</summary>
    public int ExcitatoryCount { get; }

    /// <summary>The settings in use.</summary>
    public Options Settings => _options;

    /// <summary>Membrane potentials V after the last step.</summary>
    public ReadOnlySpan<float> Potential => _potential;

    /// <summary>Spikes (1 or 0) of the last step.</summary>
    public ReadOnlySpan<float> Spikes => _spikes;

    /// <summary>
    /// Row-major weight matrix W [N×N], row = postsynaptic. Writable for initialisation; call
    /// <see cref="EnforceConstraints"/> after writing, or change it through <see cref="ApplyWeightChange"/>.
    /// Write through a span read after the last <see cref="Step"/>: reading this property tells the population that
    /// W may change, and a span kept across a step and written after it is not seen (see the remarks).
    /// </summary>
    public Span<float> Weights
    {
        get
        {
            WeightsChanged();
            return _weights;
        }
    }

    /// <summary>Whether neuron <paramref name="index"/> is excitatory.</summary>
    /// <param name="index">Neuron index.</param>
    /// <returns>True for indices below <see cref="ExcitatoryCount"/>.</returns>
    public bool IsExcitatory(int index) => index < ExcitatoryCount;

    /// <summary>Advances one step of dt and returns the spikes of this step.</summary>
    /// <param name="externalCurrent">Input current per neuron (length N), or empty for none.</param>
    /// <returns>This step's spikes (1 or 0 per neuron), valid until the next step.</returns>
    public ReadOnlySpan<float> Step(ReadOnlySpan<float> externalCurrent)
    {
        var n = Size;
        if (!externalCurrent.IsEmpty && externalCurrent.Length != n)
            throw new ArgumentException($"External current has {externalCurrent.Length} values; the population has {n} neurons.", nameof(externalCurrent));
        var bad = IndexOfNonFinite(externalCurrent);
        if (bad >= 0)
            throw new ArgumentException($"External current element {bad} is {externalCurrent[bad]}; currents must be finite.", nameof(externalCurrent));

        var drive = _drive.AsSpan();
        // I_syn = W·s_{t−1}: the recurrent input arrives one step after the presynaptic spike.
        AddRecurrentInput(drive);
        if (_options.NoiseStd > 0f)
        {
            var noise = _scratch.AsSpan();
            for (var i = 0; i < noise.Length; i++)
                noise[i] = (float)ZigguratNormal.Next(ref _random);
            TensorPrimitives.MultiplyAdd(noise, _options.NoiseStd, drive, drive);
        }
        if (!externalCurrent.IsEmpty)
            TensorPrimitives.Add(drive, externalCurrent, drive);
        TensorPrimitives.Add(drive, _options.BaseCurrent, drive);

        // Forward Euler: V ← V + (dt/τ)(I − V).
        var potential = _potential.AsSpan();
        TensorPrimitives.Subtract(drive, potential, _scratch);
        TensorPrimitives.MultiplyAdd(_scratch, _options.TimeStep / _options.Tau, potential, potential);

        var threshold = _options.Threshold;
        var reset = _options.ResetPotential;
        var refractorySteps = _options.RefractorySteps;
        var fired = 0;
        for (var i = 0; i < n; i++)
        {
            if (_refractory[i] > 0)
            {
                _refractory[i]--;
                potential[i] = reset;
                _spikes[i] = 0f;
            }
            else if (potential[i] >= threshold)
            {
                potential[i] = reset;
                _spikes[i] = 1f;
                _refractory[i] = refractorySteps;
                _fired[fired++] = i;
            }
            else
            {
                _spikes[i] = 0f;
            }
        }
        _firedCount = fired;
        return _spikes;
    }

    // drive ← Σ_{j fired, ascending} W[:, j], from 0: the same additions in the same order on both paths.
    private void AddRecurrentInput(Span<float> drive)
    {
        drive.Clear();
        var fired = _fired.AsSpan(0, _firedCount);
        var changed = _weightsChangedSinceStep;
        _weightsChangedSinceStep = false;
        if (fired.IsEmpty)
            return;
        var n = Size;
        if (!_outgoingCurrent && changed)
        {
            // W changed since the last step (perhaps it changes every step): read its rows instead of transposing.
            for (var i = 0; i < n; i++)
            {
                var row = _weights.AsSpan(i * n, n);
                var sum = 0f;
                foreach (var j in fired)
                    sum += row[j];
                drive[i] = sum;
            }
            return;
        }
        if (!_outgoingCurrent)
            Transpose();
        foreach (var j in fired)
            TensorPrimitives.Add(drive, _outgoing.AsSpan(j * n, n), drive);
    }

    // Wᵀ in 16×16 blocks, so that both matrices are walked through the cache a block at a time.
    private void Transpose()
    {
        const int block = 16;
        var n = Size;
        for (var i0 = 0; i0 < n; i0 += block)
        {
            var i1 = Math.Min(i0 + block, n);
            for (var j0 = 0; j0 < n; j0 += block)
            {
                var j1 = Math.Min(j0 + block, n);
                for (var i = i0; i < i1; i++)
                {
                    for (var j = j0; j < j1; j++)
                        _outgoing[j * n + i] = _weights[i * n + j];
                }
            }
        }
        _outgoingCurrent = true;
    }

    private void WeightsChanged()
    {
        _outgoingCurrent = false;
        _weightsChangedSinceStep = true;
    }

    /// <summary>Sets V to the reset potential, clears spikes and refractory counters; weights and the noise stream are kept.</summary>
    public void ResetState()
    {
        Array.Fill(_potential, _options.ResetPotential);
        Array.Clear(_spikes);
        _firedCount = 0;
        Array.Clear(_refractory);
    }

    /// <summary>
    /// Puts the population back where <c>new LifPopulation(Settings, seed)</c> starts — V = 0, no spikes, no
    /// refractory counts, the noise stream of <paramref name="seed"/> after the N² draws of the initial weights — while
    /// keeping the weights: a fresh run without a fresh population (and its N² weight draws and arrays).
    /// </summary>
    /// <param name="seed">The seed a new population would have been made with.</param>
    public void Restart(ulong seed)
    {
        Array.Clear(_potential);
        Array.Clear(_spikes);
        _firedCount = 0;
        Array.Clear(_refractory);
        _random = new SplitMix64(seed);
        _random.Skip((ulong)_weights.Length);
    }

    /// <summary>W ← W + scale·Δ, then the E/I sign and magnitude constraints (<see cref="EnforceConstraints"/>).</summary>
    /// <param name="delta">Weight change Δ, row-major [N×N].</param>
    /// <param name="scale">Factor applied to Δ (a learning rate or modulated learning rate); finite.</param>
    public void ApplyWeightChange(ReadOnlySpan<float> delta, float scale)
    {
        if (delta.Length != _weights.Length)
            throw new ArgumentException($"Weight change has {delta.Length} values; W has {Size}×{Size} = {_weights.Length}.", nameof(delta));
        if (!float.IsFinite(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale of a weight change must be finite.");
        TensorPrimitives.MultiplyAdd(delta, scale, _weights, _weights);
        EnforceConstraints();
    }

    /// <summary>
    /// Clips every excitatory column into [<see cref="Options.ExcitatoryMin"/>, <see cref="Options.ExcitatoryMax"/>],
    /// every inhibitory column into [<see cref="Options.InhibitoryMin"/>, <see cref="Options.InhibitoryMax"/>],
    /// and zeroes the diagonal.
    /// </summary>
    public void EnforceConstraints()
    {
        var n = Size;
        var e = ExcitatoryCount;
        for (var i = 0; i < n; i++)
        {
            var row = _weights.AsSpan(i * n, n);
            var excitatory = row[..e];
            var inhibitory = row[e..];
            TensorPrimitives.Max(excitatory, _options.ExcitatoryMin, excitatory);
            TensorPrimitives.Min(excitatory, _options.ExcitatoryMax, excitatory);
            TensorPrimitives.Max(inhibitory, _options.InhibitoryMin, inhibitory);
            TensorPrimitives.Min(inhibitory, _options.InhibitoryMax, inhibitory);
            row[i] = 0f;
        }
        WeightsChanged();
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                return i;
        }
        return -1;
    }

    private static void Validate(Options o)
    {
        if (o.Size <= 0)
            throw new ArgumentOutOfRangeException(nameof(Options.Size), o.Size, "A population needs at least one neuron.");
        if (!(o.InhibitoryFraction >= 0 && o.InhibitoryFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(Options.InhibitoryFraction), o.InhibitoryFraction, "The inhibitory fraction must lie in [0, 1].");
        if (!(o.Tau > 0) || !float.IsFinite(o.Tau))
            throw new ArgumentOutOfRangeException(nameof(Options.Tau), o.Tau, "The membrane time constant τ must be positive and finite.");
        if (!(o.TimeStep > 0) || !(o.TimeStep <= o.Tau))
            throw new ArgumentOutOfRangeException(nameof(Options.TimeStep), o.TimeStep, $"The time step must lie in (0, τ = {o.Tau}]; forward Euler is unstable beyond τ.");
        if (!(o.Threshold > 0) || !float.IsFinite(o.Threshold))
            throw new ArgumentOutOfRangeException(nameof(Options.Threshold), o.Threshold, "The threshold must be positive and finite.");
        if (!(o.ResetPotential < o.Threshold))
            throw new ArgumentOutOfRangeException(nameof(Options.ResetPotential), o.ResetPotential, $"The reset potential must be below the threshold {o.Threshold}.");
        if (o.RefractorySteps < 0)
            throw new ArgumentOutOfRangeException(nameof(Options.RefractorySteps), o.RefractorySteps, "The refractory period cannot be negative.");
        if (!float.IsFinite(o.BaseCurrent))
            throw new ArgumentOutOfRangeException(nameof(Options.BaseCurrent), o.BaseCurrent, "The base current must be finite.");
        if (!(o.NoiseStd >= 0) || !float.IsFinite(o.NoiseStd))
            throw new ArgumentOutOfRangeException(nameof(Options.NoiseStd), o.NoiseStd, "The noise standard deviation must be non-negative and finite.");
        if (!(o.ExcitatoryMin >= 0 && o.ExcitatoryMin <= o.ExcitatoryMax))
            throw new ArgumentOutOfRangeException(nameof(Options.ExcitatoryMin), o.ExcitatoryMin, $"Excitatory bounds must satisfy 0 ≤ min ≤ max (max = {o.ExcitatoryMax}).");
        if (!(o.InhibitoryMax <= 0 && o.InhibitoryMin <= o.InhibitoryMax))
            throw new ArgumentOutOfRangeException(nameof(Options.InhibitoryMax), o.InhibitoryMax, $"Inhibitory bounds must satisfy min ≤ max ≤ 0 (min = {o.InhibitoryMin}).");
        if (!(o.InitialWeightMagnitude >= 0) || !float.IsFinite(o.InitialWeightMagnitude))
            throw new ArgumentOutOfRangeException(nameof(Options.InitialWeightMagnitude), o.InitialWeightMagnitude, "The initial weight magnitude must be non-negative and finite.");
    }
}
