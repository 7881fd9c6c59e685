using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// One decision of the spiking maze agent, shared by <see cref="SpikingMazeAgentTrainer"/> and
/// <see cref="SpikingMazeAgentPolicy"/>: the place cell of the agent's cell spikes as a Bernoulli (Poisson-like) train
/// for T neuron steps, drives one pool of leaky integrate-and-fire action neurons per action through the plastic
/// weights W [actions·P × cells], and the pool with the most spikes is the action (the lowest index among ties).
/// </summary>
/// <remarks>
/// <para>
/// <b>Neurons</b> (one step, dt = 1): V_i ← (1 − 1/τ_m)·V_i + W[i, c]·s_c(t) + σ·ξ_i(t) + I_teacher,i − w_inh·n_¬pool(i)(t − 1);
/// a spike when V_i ≥ θ (1), then V_i ← 0. s_c(t) ∈ {0, 1} is the place cell c's spike (probability
/// <c>InputRate</c> per step), ξ standard normal noise, I_teacher the injected current (only into the teacher's or the
/// exploration's pool, only during training), n_¬pool(i)(t − 1) the spikes of the other pools at the previous step (lateral inhibition,
/// a soft winner-take-all, so that the pool that wins also carries the spikes that STDP tags).
/// </para>
/// <para>
/// <b>STDP eligibility</b> of the window (pair-based, nearest-neighbour free traces, Song, Miller &amp; Abbott 2000):
/// a presynaptic trace x ← x·e^(−1/τ_s) + s_c and postsynaptic traces y_i ← y_i·e^(−1/τ_s) + s_i; a postsynaptic
/// spike adds A+·x to e_i (pre before post), a presynaptic spike adds −A−·y_i (post before pre). Only the column of
/// the active place cell can change, so e is one value per action neuron; it is divided by T so that η does not
/// depend on the window length.
/// </para>
/// <para>
/// <b>Noise</b>: the input spike train and ξ come from a 64-bit decision seed alone, so the same weights, cell and
/// seed give the same action. Without noise (deterministic scoring) only the input spike train is drawn, the same for
/// every pool, so the pool with the largest weights onto the place cell fires first and wins.
/// </para>
/// </remarks>
internal sealed class PlaceCellNetwork
{
    private const int StackNeurons = 256;

    public PlaceCellNetwork(int cells, int actions, int poolSize, int stepsPerDecision, float inputRate, float membraneTau, float noiseStd,
        float inhibition, float weightMin, float weightMax)
    {
        if (cells <= 0)
            throw new ArgumentException($"The network needs at least one place cell; it has {cells}.", nameof(cells));
        if (actions <= 0)
            throw new ArgumentException($"The network needs at least one action; it has {actions}.", nameof(actions));
        if (poolSize <= 0)
            throw new ArgumentException($"Each action needs a pool of at least one neuron; the pool size is {poolSize}.", nameof(poolSize));
        Cells = cells;
        Actions = actions;
        PoolSize = poolSize;
        StepsPerDecision = stepsPerDecision;
        InputRate = inputRate;
        MembraneTau = membraneTau;
        NoiseStd = noiseStd;
        Inhibition = inhibition;
        WeightMin = weightMin;
        WeightMax = weightMax;
    }

    /// <summary>Place cells K (one per grid cell).</summary>
    public int Cells { get; }

    /// <summary>Actions (pools).</summary>
    public int Actions { get; }

    /// <summary>Neurons P per action pool; action neuron i belongs to pool ⌊i / P⌋.</summary>
    public int PoolSize { get; }

    /// <summary>Action neurons M = actions·P (rows of W).</summary>
    public int Neurons => Actions * PoolSize;

    /// <summary>Neuron steps T per decision.</summary>
    public int StepsPerDecision { get; }

    /// <summary>Spike probability per step of the active place cell.</summary>
    public float InputRate { get; }

    /// <summary>Membrane time constant τ_m in steps.</summary>
    public float MembraneTau { get; }

    /// <summary>Standard deviation σ of the membrane noise per step.</summary>
    public float NoiseStd { get; }

    /// <summary>Lateral inhibition w_inh per spike of another pool.</summary>
    public float Inhibition { get; }

    /// <summary>Smallest weight.</summary>
    public float WeightMin { get; }

    /// <summary>Largest weight.</summary>
    public float WeightMax { get; }

    /// <summary>
    /// Runs one decision window for place cell <paramref name="cell"/> and returns the winning pool.
    /// </summary>
    /// <param name="weights">W [M × K], row-major, row = action neuron.</param>
    /// <param name="cell">The active place cell.</param>
    /// <param name="seed">The decision seed (input spikes and noise).</param>
    /// <param name="noisy">Whether the membrane noise σ·ξ is on (training and sampling) or off (deterministic scoring).</param>
    /// <param name="stdp">STDP amplitudes and trace time constant, or null when no eligibility is wanted.</param>
    /// <param name="teacherPool">The pool that gets the injected current (teacher or exploration), or −1.</param>
    /// <param name="teacherCurrent">The injected current per step.</param>
    /// <param name="eligibility">Destination of the window's eligibility e (M values), or empty.</param>
    /// <param name="counts">Destination of the spikes per pool (actions values).</param>
    /// <returns>The pool with the most spikes (lowest index among ties).</returns>
    public int Decide(ReadOnlySpan<float> weights, int cell, ulong seed, bool noisy, (float Plus, float Minus, float Tau)? stdp, int teacherPool, float teacherCurrent,
        Span<float> eligibility, Span<int> counts)
    {
        var m = Neurons;
        Span<float> potential = m <= StackNeurons ? stackalloc float[m] : new float[m];
        Span<float> post = m <= StackNeurons ? stackalloc float[m] : new float[m];
        Span<int> previous = Actions <= StackNeurons ? stackalloc int[Actions] : new int[Actions];
        potential.Clear();
        post.Clear();
        previous.Clear();
        counts.Clear();
        if (!eligibility.IsEmpty)
            eligibility.Clear();
        var random = new SplitMix64(seed);
        var leak = 1f - 1f / MembraneTau;
        var sigma = noisy ? NoiseStd : 0f;
        var traceDecay = stdp is { } s ? MathF.Exp(-1f / s.Tau) : 0f;
        var pre = 0f;
        var totalPrevious = 0;
        Span<int> now = Actions <= StackNeurons ? stackalloc int[Actions] : new int[Actions];
        for (var t = 0; t < StepsPerDecision; t++)
        {
            var inputSpike = random.NextSingle() < InputRate;
            now.Clear();
            if (stdp is { } rule)
            {
                pre = pre * traceDecay + (inputSpike ? 1f : 0f);
                for (var i = 0; i < m; i++)
                {
                    post[i] *= traceDecay;
                    // Post before pre: depression by the postsynaptic trace (before this step's postsynaptic spikes).
                    if (inputSpike && !eligibility.IsEmpty)
                        eligibility[i] -= rule.Minus * post[i];
                }
            }
            for (var i = 0; i < m; i++)
            {
                var pool = i / PoolSize;
                var drive = inputSpike ? weights[i * Cells + cell] : 0f;
                if (pool == teacherPool)
                    drive += teacherCurrent;
                drive -= Inhibition * (totalPrevious - previous[pool]);
                var v = leak * potential[i] + drive;
                if (noisy)
                    v += sigma * Normal(ref random);
                if (v >= 1f)
                {
                    v = 0f;
                    now[pool]++;
                    if (stdp is { } r)
                    {
                        post[i] += 1f;
                        // Pre before post: potentiation by the presynaptic trace (this step's input spike included).
                        if (!eligibility.IsEmpty)
                            eligibility[i] += r.Plus * pre;
                    }
                }
                potential[i] = v;
            }
            totalPrevious = 0;
            for (var a = 0; a < Actions; a++)
            {
                previous[a] = now[a];
                counts[a] += now[a];
                totalPrevious += now[a];
            }
        }
        if (!eligibility.IsEmpty)
        {
            var scale = 1f / StepsPerDecision;
            for (var i = 0; i < m; i++)
                eligibility[i] *= scale;
        }
        var best = 0;
        for (var a = 1; a < Actions; a++)
        {
            if (counts[a] > counts[best])
                best = a;
        }
        return best;
    }

    /// <summary>Refuses weights of the wrong length or outside [min, max], naming W[i, j].</summary>
    /// <param name="weights">W [M × K].</param>
    public void CheckWeights(ReadOnlySpan<float> weights)
    {
        if (weights.Length != Neurons * Cells)
            throw new InvalidDataException($"The maze agent's weights have {weights.Length} values; {Neurons} action neurons × {Cells} place cells need {Neurons * Cells}.");
        for (var k = 0; k < weights.Length; k++)
        {
            var w = weights[k];
            if (!(w >= WeightMin && w <= WeightMax))
                throw new InvalidDataException($"The maze agent's weight W[{k / Cells}, {k % Cells}] is {w}, outside its range [{WeightMin}, {WeightMax}].");
        }
    }

    /// <summary>Writes the network's shape and dynamics (not the weights).</summary>
    /// <param name="writer">The destination.</param>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Cells);
        writer.Write(Actions);
        writer.Write(PoolSize);
        writer.Write(StepsPerDecision);
        writer.Write(InputRate);
        writer.Write(MembraneTau);
        writer.Write(NoiseStd);
        writer.Write(Inhibition);
        writer.Write(WeightMin);
        writer.Write(WeightMax);
    }

    /// <summary>Reads what <see cref="Write"/> wrote, refusing values no trainer writes.</summary>
    /// <param name="reader">The source.</param>
    /// <returns>The network.</returns>
    public static PlaceCellNetwork Read(BinaryReader reader)
    {
        var cells = reader.ReadInt32();
        var actions = reader.ReadInt32();
        var poolSize = reader.ReadInt32();
        var steps = reader.ReadInt32();
        var rate = reader.ReadSingle();
        var tau = reader.ReadSingle();
        var noise = reader.ReadSingle();
        var inhibition = reader.ReadSingle();
        var min = reader.ReadSingle();
        var max = reader.ReadSingle();
        if (cells <= 0 || actions <= 0 || poolSize <= 0 || steps <= 0 || (long)cells * actions * poolSize > 100_000_000)
            throw new InvalidDataException($"The saved maze agent has {cells} place cells, {actions} actions, pools of {poolSize} and {steps} steps per decision; all must be positive.");
        if (!(rate > 0 && rate <= 1) || !(tau >= 1) || !(noise >= 0) || !float.IsFinite(noise) || !(inhibition >= 0) || !float.IsFinite(inhibition)
            || !float.IsFinite(min) || !float.IsFinite(max) || !(min <= max))
            throw new InvalidDataException(
                $"The saved maze agent's dynamics are invalid: input rate {rate}, τ_m {tau}, σ {noise}, inhibition {inhibition}, weight range [{min}, {max}].");
        return new PlaceCellNetwork(cells, actions, poolSize, steps, rate, tau, noise, inhibition, min, max);
    }

    // Box–Muller; one normal per call keeps the stream a function of the call count alone.
    private static float Normal(ref SplitMix64 random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
