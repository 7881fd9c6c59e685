using System.Numerics.Tensors;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Plasticity;

/// <summary>
/// A two-layer spiking network that learns from reward alone which output neuron to fire for each
/// input pattern: N rate-coded input neurons, plastic feed-forward weights W [M × N] onto M leaky
/// integrate-and-fire output neurons (a <see cref="LifPopulation"/>) that inhibit each other, STDP
/// eligibility during a trial (<see cref="SpikeTimingDependentPlasticity"/>), and at the trial's end
/// the three-factor update ΔW = η·(R − R̄_p)·E, W clipped into [<see cref="Options.WeightMin"/>,
/// <see cref="Options.WeightMax"/>] (Izhikevich, 2007; Florian, 2007; Frémaux and Gerstner, 2016).
/// </summary>
/// <remarks>
/// <para>A trial of T steps presents pattern p: each input in p spikes with probability
/// <see cref="Options.ActiveRate"/> per step, every other input with <see cref="Options.BackgroundRate"/>
/// (independent Bernoulli draws from a seeded <see cref="SplitMix64"/>). The output current is
/// W·s_in(t−1), one step of synaptic delay, so an input spike can only precede the output spikes it
/// causes and causal pairs fall in the potentiating half of the STDP window.</para>
/// <para>Lateral inhibition: the output population is all inhibitory with every off-diagonal weight
/// fixed at −<see cref="Options.LateralInhibition"/>, so a spike of one output lowers the others'
/// current on the next step (a soft winner-take-all). The choice is the output with the most spikes
/// in the trial; ties (including a silent trial) are broken uniformly at random, which is also the
/// network's only exploration besides the membrane noise.</para>
/// <para>Reward: <see cref="Options.HitReward"/> when the choice is the target, <see cref="Options.MissReward"/>
/// otherwise. The baseline R̄_p is kept per pattern, R̄_p ← R̄_p + α·(R − R̄_p) after the update:
/// with several stimuli a single baseline mixes the success of learned patterns into the others'
/// modulator, and a stimulus-specific reward prediction is what makes the rule unbiased
/// (Frémaux, Sprekeler and Gerstner, 2010). With <see cref="Options.RewardModulated"/> false the
/// modulator is fixed at 1, i.e. plain STDP, which is the ablation the tests compare against.</para>
/// </remarks>
/// <example>
/// <code>
/// var task = AssociationTask.Create(inputCount: 20, patternCount: 4, outputCount: 4, seed: 1);
/// var net = new RewardAssociationNetwork(task.Patterns, new RewardAssociationNetwork.Options { Seed = 1 });
/// task.Train(net, trials: 800);
/// var accuracy = net.Evaluate(task.Targets, trialsPerPattern: 25);
/// </code>
/// </example>
public sealed class RewardAssociationNetwork
{
    /// <summary>Settings of <see cref="RewardAssociationNetwork"/>.</summary>
    public sealed class Options
    {
        /// <summary>Number of input neurons N; positive. Default 20.</summary>
        public int InputCount { get; set; } = 20;

        /// <summary>Number of output neurons M; at least 2. Default 4.</summary>
        public int OutputCount { get; set; } = 4;

        /// <summary>Steps per trial T (dt = 1 ms); positive. Default 100.</summary>
        public int TrialSteps { get; set; } = 100;

        /// <summary>Spike probability per step of an input in the presented pattern, in [0, 1]. Default 0.4.</summary>
        public float ActiveRate { get; set; } = 0.4f;

        /// <summary>Spike probability per step of every other input, in [0, 1]. Default 0.02.</summary>
        public float BackgroundRate { get; set; } = 0.02f;

        /// <summary>Membrane time constant τ of the output neurons in ms; at least 1 (dt). Default 10.</summary>
        public float MembraneTimeConstant { get; set; } = 10f;

        /// <summary>Standard deviation of the output neurons' current noise per step; ≥ 0. Default 0.5 (it is the exploration: 0.3 left one of 20 seeded tasks with a pattern stuck on a wrong output).</summary>
        public float NoiseStd { get; set; } = 0.5f;

        /// <summary>Strength g ≥ 0 of the fixed lateral inhibition, each output onto every other; 0 turns it off. Default 1.</summary>
        public float LateralInhibition { get; set; } = 1f;

        /// <summary>Lower bound of the feed-forward weights; ≥ 0 (the inputs are excitatory). Default 0.</summary>
        public float WeightMin { get; set; }

        /// <summary>Upper bound of the feed-forward weights; above <see cref="WeightMin"/>. Default 1.</summary>
        public float WeightMax { get; set; } = 1f;

        /// <summary>Initial weights are drawn uniformly from [this, <see cref="InitialWeightMax"/>]; within the bounds. Default 0.4.</summary>
        public float InitialWeightMin { get; set; } = 0.4f;

        /// <summary>Upper end of the initial weight range; at least <see cref="InitialWeightMin"/> and within the bounds. Default 0.6.</summary>
        public float InitialWeightMax { get; set; } = 0.6f;

        /// <summary>Learning rate η of ΔW = η·(R − R̄)·E; ≥ 0. Default 0.2.</summary>
        public float LearningRate { get; set; } = 0.2f;

        /// <summary>Rate α of each pattern's reward baseline, in [0, 1]; 0 keeps the baseline at 0. Default 0.2.</summary>
        public float BaselineRate { get; set; } = 0.2f;

        /// <summary>Reward R when the chosen output is the target; finite. Default 1.</summary>
        public float HitReward { get; set; } = 1f;

        /// <summary>Reward R when it is not; finite and below <see cref="HitReward"/>. Default −1.</summary>
        public float MissReward { get; set; } = -1f;

        /// <summary>
        /// Whether the reward modulates plasticity (the third factor). False applies ΔW = η·E after every
        /// trial with a target, whatever the outcome: plain STDP, the ablation. Default true.
        /// </summary>
        public bool RewardModulated { get; set; } = true;

        /// <summary>
        /// STDP eligibility settings; null for A+ = 0.01, A− = 0.006, τ± = 20: potentiation dominates, so
        /// co-activity of an input and an output within a trial leaves a positive eligibility whose sign
        /// the reward then decides.
        /// </summary>
        public SpikeTimingDependentPlasticity.Options? Stdp { get; set; }

        /// <summary>Seed of the initial weights, the input spikes, the membrane noise and tie-breaks. Default 0.</summary>
        public ulong Seed { get; set; }
    }

    private readonly Options _options;
    private readonly int[][] _patterns;
    private readonly bool[][] _isActive;
    private readonly float[] _weights;
    private readonly float[] _baselines;
    private readonly float[] _inputSpikes;
    private readonly float[] _delayedInput;
    private readonly float[] _current;
    private readonly int[] _spikeCounts;
    private readonly LifPopulation _outputs;
    private readonly SpikeTimingDependentPlasticity _stdp;
    private SplitMix64 _inputRandom;
    private SplitMix64 _tieRandom;

    /// <summary>Creates the network for a fixed set of input patterns.</summary>
    /// <param name="patterns">Pattern p is the set of input indices that fire at <see cref="Options.ActiveRate"/> when p is presented; non-empty, distinct indices in [0, N).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public RewardAssociationNetwork(IReadOnlyList<IReadOnlyList<int>> patterns, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _options = options ?? new Options();
        Validate(_options);
        var n = _options.InputCount;
        var m = _options.OutputCount;
        if (patterns.Count == 0)
            throw new ArgumentException("The network needs at least one pattern.", nameof(patterns));
        _patterns = new int[patterns.Count][];
        _isActive = new bool[patterns.Count][];
        for (var p = 0; p < patterns.Count; p++)
        {
            var pattern = patterns[p] ?? throw new ArgumentException($"Pattern {p} is null.", nameof(patterns));
            if (pattern.Count == 0)
                throw new ArgumentException($"Pattern {p} has no active inputs.", nameof(patterns));
            _isActive[p] = new bool[n];
            foreach (var j in pattern)
            {
                if (j < 0 || j >= n)
                    throw new ArgumentException($"Pattern {p} names input {j}; inputs are 0 … {n - 1}.", nameof(patterns));
                if (_isActive[p][j])
                    throw new ArgumentException($"Pattern {p} names input {j} twice.", nameof(patterns));
                _isActive[p][j] = true;
            }
            _patterns[p] = [.. pattern];
        }

        var seed = _options.Seed;
        _inputRandom = SplitMix64.ForStream(seed, 1);
        _tieRandom = SplitMix64.ForStream(seed, 2);
        var weightRandom = SplitMix64.ForStream(seed, 3);
        _weights = new float[m * n];
        var span = _options.InitialWeightMax - _options.InitialWeightMin;
        for (var k = 0; k < _weights.Length; k++)
            _weights[k] = _options.InitialWeightMin + weightRandom.NextSingle() * span;

        var g = _options.LateralInhibition;
        _outputs = new LifPopulation(new LifPopulation.Options
        {
            Size = m,
            InhibitoryFraction = 1,
            Tau = _options.MembraneTimeConstant,
            BaseCurrent = 0f,
            NoiseStd = _options.NoiseStd,
            // Both bounds at −g fix every lateral weight at −g; the population keeps the diagonal at 0.
            InhibitoryMin = -g,
            InhibitoryMax = -g,
            InitialWeightMagnitude = g,
        }, SplitMix64.ForStream(seed, 4).NextUInt64());
        _stdp = new SpikeTimingDependentPlasticity(m, n, _options.Stdp ?? new SpikeTimingDependentPlasticity.Options
        {
            APlus = 0.01f,
            AMinus = 0.006f,
            TauPlus = 20f,
            TauMinus = 20f,
        });
        _baselines = new float[patterns.Count];
        _inputSpikes = new float[n];
        _delayedInput = new float[n];
        _current = new float[m];
        _spikeCounts = new int[m];
    }

    /// <summary>Number of input neurons N.</summary>
    public int InputCount => _options.InputCount;

    /// <summary>Number of output neurons M.</summary>
    public int OutputCount => _options.OutputCount;

    /// <summary>Number of patterns.</summary>
    public int PatternCount => _patterns.Length;

    /// <summary>The settings in use.</summary>
    public Options Settings => _options;

    /// <summary>Feed-forward weights W, row-major [M × N], row = output neuron, column = input neuron.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>Spikes of each output neuron in the last trial.</summary>
    public ReadOnlySpan<int> LastSpikeCounts => _spikeCounts;

    /// <summary>The reward baseline R̄_p of pattern <paramref name="pattern"/>.</summary>
    /// <param name="pattern">Pattern index.</param>
    /// <returns>The moving average of the rewards received for that pattern.</returns>
    public float Baseline(int pattern)
    {
        CheckPattern(pattern);
        return _baselines[pattern];
    }

    /// <summary>
    /// Presents a pattern for one trial and returns the chosen output (the one with the most spikes).
    /// With a target, the network is rewarded and learns; without one, it only responds.
    /// </summary>
    /// <param name="pattern">Index of the pattern to present.</param>
    /// <param name="target">The output that earns <see cref="Options.HitReward"/>, or null for a trial without learning.</param>
    /// <returns>The chosen output neuron.</returns>
    public int Trial(int pattern, int? target = null)
    {
        CheckPattern(pattern);
        if (target is { } t && (t < 0 || t >= OutputCount))
            throw new ArgumentOutOfRangeException(nameof(target), t, $"The target must be an output in 0 … {OutputCount - 1}.");
        var learn = target.HasValue;
        var n = InputCount;
        var active = _isActive[pattern];
        var activeRate = _options.ActiveRate;
        var backgroundRate = _options.BackgroundRate;

        _outputs.ResetState();
        _stdp.Reset();
        Array.Clear(_spikeCounts);
        Array.Clear(_delayedInput);
        for (var step = 0; step < _options.TrialSteps; step++)
        {
            for (var j = 0; j < n; j++)
                _inputSpikes[j] = _inputRandom.NextSingle() < (active[j] ? activeRate : backgroundRate) ? 1f : 0f;
            // The current is driven by the previous step's input spikes (one step of synaptic delay).
            for (var i = 0; i < _current.Length; i++)
                _current[i] = TensorPrimitives.Dot(_weights.AsSpan(i * n, n), _delayedInput);
            var fired = _outputs.Step(_current);
            if (learn)
                _stdp.Update(_delayedInput, fired);
            for (var i = 0; i < fired.Length; i++)
            {
                if (fired[i] != 0f)
                    _spikeCounts[i]++;
            }
            _inputSpikes.CopyTo(_delayedInput, 0);
        }

        var choice = MostActive();
        if (learn)
            Learn(pattern, choice == target!.Value ? _options.HitReward : _options.MissReward);
        return choice;
    }

    /// <summary>Fraction of trials, without learning, in which the chosen output is the pattern's target.</summary>
    /// <param name="targets">Target output of each pattern.</param>
    /// <param name="trialsPerPattern">Trials per pattern; positive.</param>
    /// <returns>The accuracy in [0, 1].</returns>
    public double Evaluate(IReadOnlyList<int> targets, int trialsPerPattern)
    {
        CheckTargets(targets);
        if (trialsPerPattern <= 0)
            throw new ArgumentOutOfRangeException(nameof(trialsPerPattern), trialsPerPattern, "Evaluation needs at least one trial per pattern.");
        var correct = 0;
        for (var k = 0; k < trialsPerPattern; k++)
        {
            for (var p = 0; p < PatternCount; p++)
            {
                if (Trial(p) == targets[p])
                    correct++;
            }
        }
        return correct / (double)(trialsPerPattern * PatternCount);
    }

    internal void CheckTargets(IReadOnlyList<int> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count != PatternCount)
            throw new ArgumentException($"There are {targets.Count} targets; the network has {PatternCount} patterns.", nameof(targets));
        for (var p = 0; p < targets.Count; p++)
        {
            if (targets[p] < 0 || targets[p] >= OutputCount)
                throw new ArgumentException($"Target {targets[p]} of pattern {p} is not an output in 0 … {OutputCount - 1}.", nameof(targets));
        }
    }

    // Three-factor update: the trial's eligibility E, gated by the reward prediction error R − R̄_p.
    private void Learn(int pattern, float reward)
    {
        var modulation = _options.RewardModulated ? reward - _baselines[pattern] : 1f;
        var scale = _options.LearningRate * modulation;
        if (scale != 0f)
        {
            TensorPrimitives.MultiplyAdd(_stdp.Eligibility, scale, _weights, _weights);
            TensorPrimitives.Max(_weights, _options.WeightMin, _weights);
            TensorPrimitives.Min(_weights, _options.WeightMax, _weights);
        }
        _baselines[pattern] += _options.BaselineRate * (reward - _baselines[pattern]);
    }

    private int MostActive()
    {
        var best = -1;
        var ties = 0;
        for (var i = 0; i < _spikeCounts.Length; i++)
        {
            if (best < 0 || _spikeCounts[i] > _spikeCounts[best])
            {
                best = i;
                ties = 1;
            }
            else if (_spikeCounts[i] == _spikeCounts[best])
            {
                // Reservoir choice among equal counts: each tied output is kept with probability 1/ties.
                ties++;
                if (_tieRandom.NextInt(ties) == 0)
                    best = i;
            }
        }
        return best;
    }

    private void CheckPattern(int pattern)
    {
        if (pattern < 0 || pattern >= PatternCount)
            throw new ArgumentOutOfRangeException(nameof(pattern), pattern, $"The pattern must be in 0 … {PatternCount - 1}.");
    }

    private static void Validate(Options o)
    {
        if (o.InputCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(Options.InputCount), o.InputCount, "The network needs at least one input neuron.");
        if (o.OutputCount < 2)
            throw new ArgumentOutOfRangeException(nameof(Options.OutputCount), o.OutputCount, "The network needs at least two output neurons to choose between.");
        if (o.TrialSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(Options.TrialSteps), o.TrialSteps, "A trial needs at least one step.");
        if (!(o.ActiveRate >= 0 && o.ActiveRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(Options.ActiveRate), o.ActiveRate, "The active rate is a spike probability per step and must lie in [0, 1].");
        if (!(o.BackgroundRate >= 0 && o.BackgroundRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(Options.BackgroundRate), o.BackgroundRate, "The background rate is a spike probability per step and must lie in [0, 1].");
        if (!(o.MembraneTimeConstant >= 1) || !float.IsFinite(o.MembraneTimeConstant))
            throw new ArgumentOutOfRangeException(nameof(Options.MembraneTimeConstant), o.MembraneTimeConstant, "The membrane time constant must be finite and at least the 1 ms step.");
        if (!(o.NoiseStd >= 0) || !float.IsFinite(o.NoiseStd))
            throw new ArgumentOutOfRangeException(nameof(Options.NoiseStd), o.NoiseStd, "The noise standard deviation must be non-negative and finite.");
        if (!(o.LateralInhibition >= 0) || !float.IsFinite(o.LateralInhibition))
            throw new ArgumentOutOfRangeException(nameof(Options.LateralInhibition), o.LateralInhibition, "The lateral inhibition strength must be non-negative and finite.");
        if (!(o.WeightMin >= 0) || !float.IsFinite(o.WeightMin))
            throw new ArgumentOutOfRangeException(nameof(Options.WeightMin), o.WeightMin, "The lower weight bound must be non-negative and finite; the inputs are excitatory.");
        if (!(o.WeightMax > o.WeightMin) || !float.IsFinite(o.WeightMax))
            throw new ArgumentOutOfRangeException(nameof(Options.WeightMax), o.WeightMax, $"The upper weight bound must be finite and above the lower bound {o.WeightMin}.");
        if (!(o.InitialWeightMin >= o.WeightMin && o.InitialWeightMin <= o.WeightMax))
            throw new ArgumentOutOfRangeException(nameof(Options.InitialWeightMin), o.InitialWeightMin, $"The initial weights must lie within [{o.WeightMin}, {o.WeightMax}].");
        if (!(o.InitialWeightMax >= o.InitialWeightMin && o.InitialWeightMax <= o.WeightMax))
            throw new ArgumentOutOfRangeException(nameof(Options.InitialWeightMax), o.InitialWeightMax, $"The initial weight range must lie within [{o.InitialWeightMin}, {o.WeightMax}].");
        if (!(o.LearningRate >= 0) || !float.IsFinite(o.LearningRate))
            throw new ArgumentOutOfRangeException(nameof(Options.LearningRate), o.LearningRate, "The learning rate must be non-negative and finite.");
        if (!(o.BaselineRate >= 0 && o.BaselineRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(Options.BaselineRate), o.BaselineRate, "The baseline rate must lie in [0, 1].");
        if (!float.IsFinite(o.HitReward))
            throw new ArgumentOutOfRangeException(nameof(Options.HitReward), o.HitReward, "The hit reward must be finite.");
        if (!float.IsFinite(o.MissReward) || !(o.MissReward < o.HitReward))
            throw new ArgumentOutOfRangeException(nameof(Options.MissReward), o.MissReward, $"The miss reward must be finite and below the hit reward {o.HitReward}.");
    }
}
