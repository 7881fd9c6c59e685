using System.Numerics.Tensors;
using Synaptic.ML.Plasticity;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// One decision of a spiking agent, shared by <see cref="RewardModulatedStdpTrainer"/> and
/// <see cref="RewardModulatedStdpPolicy"/>: the observation is encoded into input neurons, a fresh
/// <see cref="LifPopulation"/> with the given recurrent weights runs for a window of neuron steps, and a readout
/// over motor pools picks the action.
/// </summary>
/// <remarks>
/// <para>
/// <b>Encoding</b>: observation element k is scaled into u_k ∈ [0, 1] from its Box bounds ((x − low)/(high − low),
/// clipped); an element with an infinite bound is squashed instead, u = ½ + ½·tanh(x). It drives two input neurons,
/// ON with u and OFF with 1 − u, so a small value is as visible as a large one — or, with
/// <see cref="SpikeEncoding.Population"/>, M input neurons with Gaussian tuning curves over [0, 1]. With <see cref="SpikeEncoding.Rate"/>
/// an input neuron spikes at each step with probability rate·u; with <see cref="SpikeEncoding.Current"/> it carries
/// rate·u. The input projection W_in [N × 2K] is fixed (not learned): non-negative currents into the population.
/// </para>
/// <para>
/// <b>Motor pools</b>: the excitatory neurons 0 … N_E−1 are split evenly into one pool per action, pool a holding
/// neurons a·P … a·P + P − 1 with P = ⌊N_E / actions⌋; the remaining excitatory neurons and the inhibitory ones
/// belong to no pool. The winner is the pool with the largest score (the lowest index among ties).
/// </para>
/// <para>
/// <b>Noise</b>: every decision builds its population from a 64-bit decision seed, so the membrane noise and the
/// input spike trains are a function of that seed alone; the same weights, observation and seed give the same action.
/// </para>
/// </remarks>
internal sealed class SpikingAgent
{
    private readonly float[] _low;
    private readonly float[] _high;
    private readonly float[] _inputOutgoing; // W_inᵀ, row k = input neuron k's weights onto the N population neurons
    private readonly object _gate = new();
    private LifPopulation? _population;
    private float[]? _input;
    private float[]? _current;
    private float[]? _counts;

    public SpikingAgent(LifPopulation.Options population, float[] inputWeights, float[] low, float[] high, int actions,
        SpikeEncoding encoding, float inputRate, int stepsPerDecision, SpikeReadout readout, int inputPopulationSize)
    {
        if (encoding == SpikeEncoding.Population && inputPopulationSize < 2)
            throw new ArgumentException($"Population coding needs at least 2 input neurons per observation element; it has {inputPopulationSize}.");
        InputPopulationSize = inputPopulationSize;
        Population = population;
        InputWeights = inputWeights;
        _low = low;
        _high = high;
        Actions = actions;
        Encoding = encoding;
        InputRate = inputRate;
        StepsPerDecision = stepsPerDecision;
        Readout = readout;
        Size = population.Size;
        ExcitatoryCount = Size - (int)Math.Floor(Size * population.InhibitoryFraction);
        PoolSize = ExcitatoryCount / Math.Max(1, actions);
        if (PoolSize == 0)
            throw new ArgumentException(
                $"The readout needs one motor pool of excitatory neurons per action: {ExcitatoryCount} excitatory neurons of {Size} cannot make {actions} pools (pool size 0). " +
                "Use a larger population or a smaller inhibitory fraction.");
        if (inputWeights.Length != Size * InputCount)
            throw new ArgumentException($"The input projection has {inputWeights.Length} weights; {Size} neurons × {InputCount} input neurons need {Size * InputCount}.");
        _inputOutgoing = new float[inputWeights.Length];
        for (var i = 0; i < Size; i++)
        {
            for (var k = 0; k < InputCount; k++)
                _inputOutgoing[k * Size + i] = inputWeights[i * InputCount + k];
        }
    }

    public LifPopulation.Options Population { get; }

    /// <summary>W_in, row-major [N × 2K]: row = population neuron, column = input neuron (2k = ON of element k, 2k + 1 = OFF).</summary>
    public float[] InputWeights { get; }

    public ReadOnlySpan<float> Low => _low;

    public ReadOnlySpan<float> High => _high;

    public int ObservationSize => _low.Length;

    public int InputCount => InputCountFor(Encoding, _low.Length, InputPopulationSize);

    /// <summary>Input neurons per observation element with <see cref="SpikeEncoding.Population"/> (unused otherwise).</summary>
    public int InputPopulationSize { get; }

    /// <summary>The input neurons an encoding needs: 2 per element (ON/OFF), or <paramref name="populationSize"/> per element.</summary>
    public static int InputCountFor(SpikeEncoding encoding, int observationSize, int populationSize) =>
        encoding == SpikeEncoding.Population ? populationSize * observationSize : 2 * observationSize;

    public int Actions { get; }

    public SpikeEncoding Encoding { get; }

    public float InputRate { get; }

    public int StepsPerDecision { get; }

    public SpikeReadout Readout { get; }

    public int Size { get; }

    public int ExcitatoryCount { get; }

    public int PoolSize { get; }

    /// <summary>
    /// The presynaptic spike counts c of the last window, steps 0 … T − 2 (what the pathway readout read), per neuron;
    /// valid until the next decision. For the trainer, which decides from one thread.
    /// </summary>
    public ReadOnlySpan<float> WindowCounts => _counts;

    /// <summary>
    /// Runs one decision window and returns the winning action index (from 0).
    /// </summary>
    /// <param name="weights">Recurrent weights W [N×N], row = postsynaptic.</param>
    /// <param name="observation">The observation (K floats, finite).</param>
    /// <param name="seed">The decision seed (noise and input spikes).</param>
    /// <param name="rule">A learning rule that observes every step's spikes (training), or null.</param>
    /// <param name="scores">Destination of the per-action scores (length <see cref="Actions"/>).</param>
    /// <returns>The action index.</returns>
    /// <param name="spikeRecord">Where to copy every step's spikes, row-major [T × N], or empty.</param>
    /// <param name="counts">Where to copy the window's presynaptic counts c (length N), or empty.</param>
    public int Decide(ReadOnlySpan<float> weights, ReadOnlySpan<float> observation, ulong seed, RewardModulatedStdp? rule, Span<double> scores,
        Span<float> spikeRecord = default, Span<float> counts = default)
    {
        // One window at a time: the population and buffers are reused (a policy may be called from several threads).
        lock (_gate)
        {
            var action = DecideAlone(weights, observation, seed, rule, scores, spikeRecord);
            if (!counts.IsEmpty)
                _counts.AsSpan().CopyTo(counts);
            return action;
        }
    }

    private int DecideAlone(ReadOnlySpan<float> weights, ReadOnlySpan<float> observation, ulong seed, RewardModulatedStdp? rule, Span<double> scores,
        Span<float> spikeRecord)
    {
        var n = Size;
        // As a population freshly made with this seed, with these weights.
        var population = _population ??= new LifPopulation(Population, seed);
        population.Restart(seed);
        weights.CopyTo(population.Weights);
        var random = SplitMix64.ForStream(seed, 0x1B9075);
        Span<float> level = stackalloc float[InputCount];
        Encode(observation, level);
        var input = _input ??= new float[InputCount];
        var current = _current ??= new float[n];
        var counts = _counts ??= new float[n];
        Array.Clear(current);
        Array.Clear(counts);
        scores.Clear();
        if (Encoding == SpikeEncoding.Current)
            Project(level, current);
        for (var t = 0; t < StepsPerDecision; t++)
        {
            if (Encoding != SpikeEncoding.Current)
            {
                for (var k = 0; k < input.Length; k++)
                    input[k] = random.NextSingle() < level[k] ? 1f : 0f;
                ProjectSpikes(input, current);
            }
            var spikes = population.Step(current);
            rule?.Observe(spikes);
            if (!spikeRecord.IsEmpty)
                spikes.CopyTo(spikeRecord.Slice(t * n, n));
            if (Readout == SpikeReadout.SpikeCount)
            {
                for (var a = 0; a < Actions; a++)
                    scores[a] += TensorPrimitives.Sum(spikes.Slice(a * PoolSize, PoolSize));
            }
            // The pathway of step t + 1 reads this step's spikes; the last step's spikes have no next step in the window.
            // Counted for both readouts: they are what a decision-pathway eligibility tags.
            if (t < StepsPerDecision - 1)
                TensorPrimitives.Add(counts, spikes, counts);
        }
        if (Readout == SpikeReadout.Pathway)
        {
            // W is fixed within a window, so Σ_t W·s[t−1] = W·(Σ_t s[t−1]); summed in index order, the same on every CPU.
            for (var a = 0; a < Actions; a++)
            {
                double sum = 0;
                for (var i = a * PoolSize; i < (a + 1) * PoolSize; i++)
                {
                    var row = weights.Slice(i * n, n);
                    for (var j = 0; j < n; j++)
                    {
                        if (counts[j] != 0f)
                            sum += (double)row[j] * counts[j];
                    }
                }
                scores[a] = sum;
            }
        }
        var best = 0;
        for (var a = 1; a < Actions; a++)
        {
            if (scores[a] > scores[best])
                best = a;
        }
        return best;
    }

    /// <summary>The firing probability (or current) of each input neuron for an observation.</summary>
    internal void Encode(ReadOnlySpan<float> observation, Span<float> level)
    {
        var m = InputPopulationSize;
        for (var k = 0; k < _low.Length; k++)
        {
            var x = observation[k];
            if (!float.IsFinite(x))
                throw new ArgumentException($"Observation element {k} is {x}; a spiking agent needs finite observations.", nameof(observation));
            float u;
            if (float.IsFinite(_low[k]) && float.IsFinite(_high[k]) && _high[k] > _low[k])
                u = Math.Clamp((x - _low[k]) / (_high[k] - _low[k]), 0f, 1f);
            else
                u = 0.5f + 0.5f * MathF.Tanh(x);
            if (Encoding == SpikeEncoding.Population)
            {
                // Gaussian tuning curves with centres m/(M − 1) spread evenly over [0, 1], each as wide as their spacing.
                var width = 1f / (m - 1);
                for (var j = 0; j < m; j++)
                {
                    var distance = (u - j * width) / width;
                    level[k * m + j] = InputRate * MathF.Exp(-0.5f * distance * distance);
                }
            }
            else
            {
                level[2 * k] = InputRate * u;
                level[2 * k + 1] = InputRate * (1f - u);
            }
        }
    }

    // For input spikes (0 or 1): current[i] = Σ_k W_in[i, k]·s_k in index order, as Project computes it, adding only the
    // rows of W_inᵀ of the input neurons that spiked. The same bits: W_in[i, k]·1 is W_in[i, k], and W_in[i, k]·0 is ±0,
    // which leaves a sum unchanged unless the sum is −0 — and a sum that starts at +0 is never −0.
    private void ProjectSpikes(ReadOnlySpan<float> spikes, Span<float> current)
    {
        current.Clear();
        var n = current.Length;
        for (var k = 0; k < spikes.Length; k++)
        {
            if (spikes[k] != 0f)
                TensorPrimitives.Add(current, _inputOutgoing.AsSpan(k * n, n), current);
        }
    }

    private void Project(ReadOnlySpan<float> input, Span<float> current)
    {
        // In index order (no SIMD reduction), so the currents are the same on every CPU.
        var inputs = InputCount;
        for (var i = 0; i < current.Length; i++)
        {
            var row = InputWeights.AsSpan(i * inputs, inputs);
            var sum = 0f;
            for (var k = 0; k < inputs; k++)
                sum += row[k] * input[k];
            current[i] = sum;
        }
    }

    /// <summary>Draws a sparse non-negative input projection: each weight is present with probability <paramref name="connectivity"/>, uniform in [0, <paramref name="magnitude"/>].</summary>
    public static float[] DrawInputWeights(int neurons, int inputs, double connectivity, float magnitude, ref SplitMix64 random)
    {
        var weights = new float[neurons * inputs];
        for (var i = 0; i < weights.Length; i++)
        {
            var present = random.NextDouble() < connectivity;
            var value = random.NextSingle() * magnitude;
            weights[i] = present ? value : 0f;
        }
        return weights;
    }

    public void Write(BinaryWriter writer)
    {
        var p = Population;
        writer.Write(p.Size);
        writer.Write(p.InhibitoryFraction);
        writer.Write(p.Tau);
        writer.Write(p.TimeStep);
        writer.Write(p.Threshold);
        writer.Write(p.ResetPotential);
        writer.Write(p.RefractorySteps);
        writer.Write(p.BaseCurrent);
        writer.Write(p.NoiseStd);
        writer.Write(p.ExcitatoryMin);
        writer.Write(p.ExcitatoryMax);
        writer.Write(p.InhibitoryMin);
        writer.Write(p.InhibitoryMax);
        writer.Write(p.InitialWeightMagnitude);
        writer.Write(_low.Length);
        foreach (var v in _low)
            writer.Write(v);
        foreach (var v in _high)
            writer.Write(v);
        writer.Write(Actions);
        writer.Write((int)Encoding);
        writer.Write(InputRate);
        writer.Write(StepsPerDecision);
        writer.Write((int)Readout);
        writer.Write(InputPopulationSize);
        foreach (var w in InputWeights)
            writer.Write(w);
    }

    public static SpikingAgent Read(BinaryReader reader)
    {
        var p = new LifPopulation.Options
        {
            Size = reader.ReadInt32(),
            InhibitoryFraction = reader.ReadDouble(),
            Tau = reader.ReadSingle(),
            TimeStep = reader.ReadSingle(),
            Threshold = reader.ReadSingle(),
            ResetPotential = reader.ReadSingle(),
            RefractorySteps = reader.ReadInt32(),
            BaseCurrent = reader.ReadSingle(),
            NoiseStd = reader.ReadSingle(),
            ExcitatoryMin = reader.ReadSingle(),
            ExcitatoryMax = reader.ReadSingle(),
            InhibitoryMin = reader.ReadSingle(),
            InhibitoryMax = reader.ReadSingle(),
            InitialWeightMagnitude = reader.ReadSingle(),
        };
        if (p.Size <= 0 || p.Size > 10_000)
            throw new InvalidDataException($"The saved spiking agent has {p.Size} neurons.");
        try
        {
            _ = new LifPopulation(p, 0);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved spiking agent's population settings are invalid: {e.Message}", e);
        }
        var size = reader.ReadInt32();
        if (size <= 0 || size > 100_000)
            throw new InvalidDataException($"The saved spiking agent has {size} observation elements.");
        var low = new float[size];
        var high = new float[size];
        for (var i = 0; i < size; i++)
            low[i] = reader.ReadSingle();
        for (var i = 0; i < size; i++)
            high[i] = reader.ReadSingle();
        var actions = reader.ReadInt32();
        var encoding = (SpikeEncoding)reader.ReadInt32();
        var rate = reader.ReadSingle();
        var steps = reader.ReadInt32();
        var readout = (SpikeReadout)reader.ReadInt32();
        var populationSize = reader.ReadInt32();
        if (actions <= 0 || !Enum.IsDefined(encoding) || !Enum.IsDefined(readout) || steps <= 0 || !(rate >= 0 && rate <= 1)
            || populationSize < 2 || populationSize > 10_000)
            throw new InvalidDataException(
                $"The saved spiking agent has {actions} actions, encoding {(int)encoding}, readout {(int)readout}, {steps} steps per decision, input rate {rate} " +
                $"and {populationSize} input neurons per element for population coding.");
        var inputs = InputCountFor(encoding, size, populationSize);
        var inputWeights = new float[p.Size * inputs];
        for (var i = 0; i < inputWeights.Length; i++)
        {
            var w = reader.ReadSingle();
            if (!(w >= 0) || !float.IsFinite(w))
                throw new InvalidDataException($"Input weight {i} (neuron {i / inputs} ← input neuron {i % inputs}) is {w}; input weights must be finite and non-negative.");
            inputWeights[i] = w;
        }
        try
        {
            return new SpikingAgent(p, inputWeights, low, high, actions, encoding, rate, steps, readout, populationSize);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved spiking agent does not fit together: {e.Message}", e);
        }
    }

    /// <summary>
    /// Refuses recurrent weights that break the population's sign and range constraints (Dale's law, the bounds, an
    /// empty diagonal), naming the neuron pair and the value.
    /// </summary>
    public void CheckWeights(ReadOnlySpan<float> weights)
    {
        var n = Size;
        var p = Population;
        if (weights.Length != n * n)
            throw new InvalidDataException($"The recurrent weights have {weights.Length} values; {n} neurons need {n * n}.");
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var w = weights[i * n + j];
                var excitatory = j < ExcitatoryCount;
                var (min, max) = i == j ? (0f, 0f) : excitatory ? (p.ExcitatoryMin, p.ExcitatoryMax) : (p.InhibitoryMin, p.InhibitoryMax);
                if (!(w >= min && w <= max))
                    throw new InvalidDataException(
                        $"Recurrent weight W[{i}, {j}] (neuron {j} → neuron {i}) is {w}, outside the {(i == j ? "self-connection's" : excitatory ? "excitatory" : "inhibitory")} range [{min}, {max}].");
            }
        }
    }
}
