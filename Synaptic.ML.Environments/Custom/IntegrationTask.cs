using System.Globalization;
using SkiaSharp;

namespace Synaptic.ML.Environments.Custom;

/// <summary>
/// Synaptic/Integration-v0: the evidence-integration task with a delayed decision of Aitken and
/// Mihalas (eLife 2023, "Neural population dynamics of computing with synaptic modulations"): add up
/// noisy evidence, hold the total through a delay, and report its sign when cued.
/// </summary>
/// <remarks>
/// <para>
/// <b>Trial</b>: at reset a hidden sign s ∈ {−1, +1} is drawn with probability ½ each. The
/// <see cref="Options.StimulusSteps"/> stimulus observations (default 10) carry evidence
/// e_k = s·μ + σ·z_k with z_k standard normal (μ = <see cref="Options.Signal"/>, default 0.25;
/// σ = <see cref="Options.Noise"/>, default 1); the <see cref="Options.DelaySteps"/> delay
/// observations (default 10) carry none; then one go observation asks for the decision. All of it
/// is drawn from the environment's generator at reset, sign first.
/// </para>
/// <para>
/// <b>Observation space</b>: Box([−inf, 0, 0], [inf, 1, 1]): [evidence (0 outside the stimulus
/// phase), trial input (1 on every observation of the trial, the go observation included), go cue
/// (1 only on the go observation)]. The reset observation is the first stimulus observation. The
/// observation returned with the end of the episode is [0, 0, 0]: the trial is over.
/// </para>
/// <para>
/// <b>Action space</b>: Discrete(2): <see cref="ChooseNegative"/> = 0 ("the sum is negative"),
/// <see cref="ChoosePositive"/> = 1 ("the sum is positive"). Actions before the go observation
/// have no effect.
/// </para>
/// <para>
/// <b>Reward</b>: 0 before the go observation; for the action on the go observation, 1 if it is
/// <see cref="CorrectAction"/>, else 0. The correct answer is the sign of the sum of the evidence
/// actually shown (the float values of the observations, added in double precision in the order
/// shown), not s: noise can outweigh the signal, and a perfect integrator of the observations then
/// still earns 1. A sum of exactly 0 counts as s. An episode's return is 1 or 0, so a policy blind
/// to the evidence scores ½ in expectation.
/// </para>
/// <para>
/// <b>Episode end</b>: terminated by the action on the go observation, after exactly
/// <see cref="EpisodeLength"/> = StimulusSteps + DelaySteps + 1 steps. The length is part of the
/// task, so the registration adds no <c>TimeLimit</c>. The registered reward threshold is 0.9, a
/// mean return of 90% correct; an integrator that forgets nothing scores 1, one that knew the hidden
/// sign would score Φ(μ·√StimulusSteps / σ), about 0.785 with the defaults.
/// </para>
/// <para><b>Version</b>: v0, the first version.</para>
/// </remarks>
public sealed class IntegrationTask : Env
{
    /// <summary>The registered id.</summary>
    public const string EnvId = "Synaptic/Integration-v0";

    /// <summary>Action that reports a negative sum.</summary>
    public const int ChooseNegative = 0;

    /// <summary>Action that reports a positive sum.</summary>
    public const int ChoosePositive = 1;

    /// <summary>Index of the evidence in an observation.</summary>
    public const int EvidenceIndex = 0;

    /// <summary>Index of the trial input (1 during the trial) in an observation.</summary>
    public const int TrialInputIndex = 1;

    /// <summary>Index of the go cue (1 on the decision observation) in an observation.</summary>
    public const int GoCueIndex = 2;

    private const int NoChoice = -1;

    private readonly Options _options;
    private readonly float[] _evidence;
    private int _sign = 1;
    private double _sum;
    private int _position;
    private int _choice = NoChoice;

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Phase lengths, signal and noise; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named in the message with its value).</exception>
    public IntegrationTask(Options? options = null)
        : base(EnvId)
    {
        var o = options ?? new Options();
        Check(o.StimulusSteps >= 1, nameof(Options.StimulusSteps), o.StimulusSteps, "at least 1");
        Check(o.DelaySteps >= 0, nameof(Options.DelaySteps), o.DelaySteps, "at least 0");
        Check(o.StimulusSteps <= int.MaxValue - 1 - o.DelaySteps, nameof(Options.DelaySteps), o.DelaySteps, $"at most {int.MaxValue - 1 - o.StimulusSteps} so that the episode length fits an int");
        Check(double.IsFinite(o.Signal), nameof(Options.Signal), o.Signal, "finite");
        Check(double.IsFinite(o.Noise) && o.Noise >= 0, nameof(Options.Noise), o.Noise, "finite and at least 0");
        // A Box–Muller normal never exceeds 8.6 in magnitude (uniforms have 53 bits), so this bound keeps every evidence a finite float.
        Check(Math.Abs(o.Signal) + 9 * o.Noise <= float.MaxValue, nameof(Options.Noise), o.Noise, string.Create(CultureInfo.InvariantCulture, $"small enough that |Signal| + 9·Noise ({Math.Abs(o.Signal) + 9 * o.Noise}) fits a float"));
        _options = new Options { StimulusSteps = o.StimulusSteps, DelaySteps = o.DelaySteps, Signal = o.Signal, Noise = o.Noise };
        _evidence = new float[o.StimulusSteps];
    }

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new BoxSpace([float.NegativeInfinity, 0f, 0f], [float.PositiveInfinity, 1f, 1f]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    /// <summary>Steps per episode: StimulusSteps + DelaySteps + 1 (the decision).</summary>
    public int EpisodeLength => _options.StimulusSteps + _options.DelaySteps + 1;

    /// <summary>
    /// Index of the current observation in the trial: 0 to StimulusSteps − 1 during the stimulus,
    /// then the delay, StimulusSteps + DelaySteps on the go observation, and
    /// <see cref="EpisodeLength"/> once the decision was made.
    /// </summary>
    public int TrialStep => _position;

    /// <summary>Whether the current observation is the go observation, on which the action decides the trial.</summary>
    public bool IsGoStep => _position == GoPosition;

    /// <summary>
    /// The hidden sign s (−1 or +1) of this trial's signal. Hidden truth for analysis: the agent must
    /// not see it, and the reward does not judge it (see <see cref="CorrectAction"/>).
    /// </summary>
    public int HiddenSign => _sign;

    /// <summary>
    /// Sum of this trial's evidence, all of it drawn at reset: by the go observation the agent has
    /// seen every term. Hidden truth for analysis; 0 before the first reset.
    /// </summary>
    public double EvidenceSum => _sum;

    /// <summary>
    /// The action the go observation rewards: <see cref="ChoosePositive"/> when <see cref="EvidenceSum"/>
    /// is positive, <see cref="ChooseNegative"/> when negative, the hidden sign's when it is exactly 0.
    /// Hidden truth for analysis, fixed at reset.
    /// </summary>
    public int CorrectAction => _sum > 0 ? ChoosePositive : _sum < 0 ? ChooseNegative : _sign > 0 ? ChoosePositive : ChooseNegative;

    /// <summary>The action taken on the go observation, or null until the decision.</summary>
    public int? Choice => _choice == NoChoice ? null : _choice;

    private int GoPosition => _options.StimulusSteps + _options.DelaySteps;

    /// <summary>
    /// The trial as slots from left to right: a bar per stimulus observation shown so far (blue
    /// upwards for positive evidence, orange downwards for negative, full height at |μ| + 3σ), grey
    /// delay slots, and the go slot — yellow while the go cue is on, then green or red for a correct or
    /// wrong decision with a white mark above or below the centre line for the side chosen. A black
    /// triangle under the slots marks the current observation.
    /// </summary>
    /// <returns>A 320 × 160 frame.</returns>
    public override Frame Render()
    {
        const float left = 10, right = 310, centre = 80, halfHeight = 60;
        var slots = EpisodeLength;
        var width = (right - left) / slots;
        var unit = Math.Abs(_options.Signal) + 3 * _options.Noise;
        if (unit == 0)
            unit = 1;
        float X(int slot) => left + slot * width;
        return SkiaFrames.Draw(320, 160, SKColors.White, canvas =>
        {
            using var paint = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = false };
            paint.Color = new SKColor(235, 240, 250);
            canvas.DrawRect(new SKRect(X(0), centre - halfHeight, X(_options.StimulusSteps), centre + halfHeight), paint);
            paint.Color = new SKColor(225, 225, 225);
            canvas.DrawRect(new SKRect(X(_options.StimulusSteps), centre - halfHeight, X(GoPosition), centre + halfHeight), paint);
            var shown = Math.Min(_position + 1, _options.StimulusSteps);
            for (var k = 0; k < shown; k++)
            {
                var height = (float)(halfHeight * Math.Clamp(_evidence[k] / unit, -1, 1));
                paint.Color = height >= 0 ? new SKColor(40, 110, 220) : new SKColor(230, 120, 30);
                canvas.DrawRect(new SKRect(X(k) + 1, Math.Min(centre, centre - height), X(k + 1) - 1, Math.Max(centre, centre - height)), paint);
            }
            paint.Color = _choice == NoChoice
                ? (IsGoStep ? new SKColor(245, 200, 40) : new SKColor(200, 200, 200))
                : (_choice == CorrectAction ? new SKColor(60, 180, 110) : new SKColor(220, 30, 50));
            canvas.DrawRect(new SKRect(X(GoPosition) + 1, centre - halfHeight, X(slots) - 1, centre + halfHeight), paint);
            if (_choice != NoChoice)
            {
                paint.Color = SKColors.White;
                var top = _choice == ChoosePositive ? centre - halfHeight / 2 : centre + halfHeight / 4;
                canvas.DrawRect(new SKRect(X(GoPosition) + width / 4, top, X(slots) - width / 4, top + halfHeight / 4), paint);
            }
            paint.Color = SKColors.Black;
            canvas.DrawLine(left, centre, right, centre, paint);
            if (_position < slots)
            {
                using var marker = new SKPath();
                var middle = X(_position) + width / 2;
                marker.AddPoly([new SKPoint(middle, 144), new SKPoint(middle - 5, 154), new SKPoint(middle + 5, 154)]);
                canvas.DrawPath(marker, paint);
            }
        });
    }

    /// <summary>The phase, the evidence and the sum shown so far, e.g. "stimulus 3/10: evidence 0.412, sum so far 1.203".</summary>
    /// <returns>One line.</returns>
    public override string RenderText()
    {
        var c = CultureInfo.InvariantCulture;
        var shown = 0.0;
        for (var k = 0; k < Math.Min(_position + 1, _options.StimulusSteps); k++)
            shown += _evidence[k];
        if (_position < _options.StimulusSteps)
            return string.Format(c, "stimulus {0}/{1}: evidence {2:0.###}, sum so far {3:0.###}", _position + 1, _options.StimulusSteps, _evidence[_position], shown);
        if (_position < GoPosition)
            return string.Format(c, "delay {0}/{1}: sum shown {2:0.###}", _position - _options.StimulusSteps + 1, _options.DelaySteps, shown);
        if (_position == GoPosition)
            return string.Format(c, "go: choose {0} (sum negative) or {1} (sum positive); sum shown {2:0.###}", ChooseNegative, ChoosePositive, shown);
        return string.Format(c, "decided {0} for sum {1:0.###}: {2}", _choice, shown, _choice == CorrectAction ? "correct" : "wrong");
    }

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        _sign = Random.NextInt(2) == 0 ? -1 : 1;
        _sum = 0;
        for (var k = 0; k < _evidence.Length; k++)
        {
            _evidence[k] = (float)(_sign * _options.Signal + _options.Noise * StandardNormal());
            _sum += _evidence[k];
        }
        _position = 0;
        _choice = NoChoice;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (_position != GoPosition)
        {
            _position++;
            Observe(observation);
            return new StepOutcome(0, false, false);
        }
        _choice = (int)action[0];
        _position++;
        Observe(observation);
        return new StepOutcome(_choice == CorrectAction ? 1 : 0, true, false);
    }

    /// <summary>Writes the hidden sign, the trial's evidence, the position in the trial and the decision taken.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_sign);
        writer.Write(_position);
        writer.Write(_choice);
        writer.Write(_evidence.Length);
        foreach (var e in _evidence)
            writer.Write(e);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote; the evidence sum is recomputed from the evidence.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The sign, position or decision is out of range, or the trial has another number of stimulus steps.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var sign = reader.ReadInt32();
        var position = reader.ReadInt32();
        var choice = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (sign is not (-1 or 1))
            throw new InvalidDataException($"The saved state of {Id} has hidden sign {sign}; it must be −1 or +1.");
        if (position < 0 || position > EpisodeLength)
            throw new InvalidDataException($"The saved state of {Id} is at trial step {position}; this {Id}'s trials have {EpisodeLength} steps.");
        if (choice is not (NoChoice or ChooseNegative or ChoosePositive))
            throw new InvalidDataException($"The saved state of {Id} has decision {choice}; decisions are {ChooseNegative}, {ChoosePositive} or none ({NoChoice}).");
        if (count != _evidence.Length)
            throw new InvalidDataException($"The saved state of {Id} has {count} stimulus steps; this {Id} has {_evidence.Length}.");
        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            _evidence[k] = reader.ReadSingle();
            sum += _evidence[k];
        }
        _sign = sign;
        _position = position;
        _choice = choice;
        _sum = sum;
    }

    private void Observe(Span<float> observation)
    {
        var inTrial = _position <= GoPosition;
        observation[EvidenceIndex] = _position < _options.StimulusSteps ? _evidence[_position] : 0f;
        observation[TrialInputIndex] = inTrial ? 1f : 0f;
        observation[GoCueIndex] = _position == GoPosition ? 1f : 0f;
    }

    // Box–Muller with one draw per call: the second variate is dropped so that each evidence takes exactly two uniforms.
    private double StandardNormal()
    {
        var u1 = 1 - Random.NextDouble(); // in (0, 1], so the logarithm is finite
        var u2 = Random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static void Check(bool valid, string name, object value, string expectation)
    {
        if (!valid)
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"IntegrationTask option {name} is {value}; it must be {expectation}."));
    }

    /// <summary>Options of <see cref="IntegrationTask"/>.</summary>
    public sealed class Options
    {
        /// <summary>Observations carrying evidence, at least 1; default 10.</summary>
        public int StimulusSteps { get; set; } = 10;

        /// <summary>Observations without evidence between the stimulus and the go cue, at least 0; default 10.</summary>
        public int DelaySteps { get; set; } = 10;

        /// <summary>Signal μ: the mean evidence is s·μ for the hidden sign s; finite; default 0.25.</summary>
        public double Signal { get; set; } = 0.25;

        /// <summary>Noise σ: the standard deviation of each evidence; finite and at least 0; default 1.</summary>
        public double Noise { get; set; } = 1.0;
    }
}
