using SkiaSharp;

namespace Synaptic.ML.Environments.Custom;

/// <summary>
/// Shower-v0: keep the water temperature comfortable, the classic first custom environment of RL
/// tutorials.
/// </summary>
/// <remarks>
/// <para>
/// <b>Action space</b>: Discrete(3): 0 = turn down (−1 degree), 1 = keep, 2 = turn up (+1 degree).
/// </para>
/// <para>
/// <b>Observation space</b>: Box(0, 100, (1,)): the temperature in degrees.
/// </para>
/// <para>
/// <b>Transition</b>: temperature ← temperature + action − 1, plus a uniform integer in [−1, 1] when
/// <see cref="Options.Noise"/> is on (off by default), clamped to [0, 100].
/// </para>
/// <para>
/// <b>Reward</b>: +1 when the new temperature lies in [<see cref="Options.ComfortLow"/>,
/// <see cref="Options.ComfortHigh"/>] (default [37, 39]), −1 otherwise.
/// </para>
/// <para>
/// <b>Starting state</b>: 38 + a uniform integer in [−3, 3] (<see cref="Options.StartTemperature"/>
/// ± <see cref="Options.StartSpread"/>).
/// </para>
/// <para>
/// <b>Episode end</b>: nothing terminates the task; the episode is truncated after
/// <see cref="Options.Length"/> steps (default 60). Following Gymnasium, a time limit is truncation,
/// not termination, so value bootstrapping continues through it. The limit is the environment's
/// own, so the registration adds no <c>TimeLimit</c>.
/// </para>
/// <para><b>Version</b>: v0, the first version.</para>
/// </remarks>
public sealed class Shower : Env
{
    /// <summary>The registered id.</summary>
    public const string EnvId = "Shower-v0";

    private const float MinTemperature = 0f;
    private const float MaxTemperature = 100f;

    private readonly Options _options;
    private int _temperature;
    private int _stepsLeft;

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Comfort band, start, length and noise; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range (named in the message).</exception>
    public Shower(Options? options = null)
        : base(EnvId)
    {
        var o = options ?? new Options();
        if (o.Length <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), o.Length, $"Shower option Length is {o.Length}; it must be positive.");
        if (o.StartSpread < 0)
            throw new ArgumentOutOfRangeException(nameof(options), o.StartSpread, $"Shower option StartSpread is {o.StartSpread}; it must be non-negative.");
        if (o.StartTemperature - o.StartSpread < MinTemperature || o.StartTemperature + o.StartSpread > MaxTemperature)
            throw new ArgumentException($"Shower starts in [{o.StartTemperature - o.StartSpread}, {o.StartTemperature + o.StartSpread}]; it must lie in [{MinTemperature}, {MaxTemperature}].", nameof(options));
        if (!double.IsFinite(o.ComfortLow) || !double.IsFinite(o.ComfortHigh) || o.ComfortLow > o.ComfortHigh)
            throw new ArgumentException($"Shower comfort band [{o.ComfortLow}, {o.ComfortHigh}] is not an interval.", nameof(options));
        _options = new Options
        {
            ComfortLow = o.ComfortLow,
            ComfortHigh = o.ComfortHigh,
            StartTemperature = o.StartTemperature,
            StartSpread = o.StartSpread,
            Length = o.Length,
            Noise = o.Noise,
        };
        _temperature = o.StartTemperature;
        _stepsLeft = o.Length;
    }

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new BoxSpace(MinTemperature, MaxTemperature, 1);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new DiscreteSpace(3);

    /// <summary>The current temperature in degrees.</summary>
    public int Temperature => _temperature;

    /// <summary>Steps left before the episode is truncated.</summary>
    public int StepsLeft => _stepsLeft;

    /// <summary>
    /// A thermometer from 20 degrees below the comfort band to 20 above: the band green, the current
    /// temperature a red bar (clipped at the scale's ends).
    /// </summary>
    /// <returns>A 120 × 320 frame.</returns>
    public override Frame Render()
    {
        const int width = 120, height = 320, top = 10, bottom = 310;
        double low = _options.ComfortLow - 20, high = _options.ComfortHigh + 20;
        float Y(double t) => (float)(bottom - (bottom - top) * Math.Clamp((t - low) / (high - low), 0, 1));
        return SkiaFrames.Draw(width, height, SKColors.White, canvas =>
        {
            using var paint = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
            paint.Color = new SKColor(225, 225, 225);
            canvas.DrawRect(new SKRect(40, top, 80, bottom), paint);
            paint.Color = new SKColor(60, 180, 110);
            canvas.DrawRect(new SKRect(30, Y(_options.ComfortHigh), 90, Y(_options.ComfortLow)), paint);
            paint.Color = new SKColor(220, 30, 50);
            canvas.DrawRect(new SKRect(50, Y(_temperature), 70, bottom), paint);
        });
    }

    /// <summary>The temperature and the steps left, e.g. "38° (comfort 37–39), 60 steps left".</summary>
    /// <returns>One line.</returns>
    public override string RenderText() =>
        $"{_temperature}° (comfort {_options.ComfortLow}–{_options.ComfortHigh}), {_stepsLeft} steps left";

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        var spread = _options.StartSpread;
        _temperature = _options.StartTemperature + Random.NextInt(2 * spread + 1) - spread;
        _stepsLeft = _options.Length;
        observation[0] = _temperature;
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var change = (int)action[0] - 1;
        if (_options.Noise)
            change += Random.NextInt(3) - 1;
        _temperature = Math.Clamp(_temperature + change, (int)MinTemperature, (int)MaxTemperature);
        _stepsLeft--;
        observation[0] = _temperature;
        var comfortable = _temperature >= _options.ComfortLow && _temperature <= _options.ComfortHigh;
        return new StepOutcome(comfortable ? 1.0 : -1.0, false, _stepsLeft == 0);
    }

    /// <summary>Writes the temperature and the steps left in the episode.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_temperature);
        writer.Write(_stepsLeft);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The temperature is outside [0, 100] or the steps left outside [0, Length].</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var temperature = reader.ReadInt32();
        var stepsLeft = reader.ReadInt32();
        if (temperature < MinTemperature || temperature > MaxTemperature)
            throw new InvalidDataException($"The saved state of {Id} has temperature {temperature}; temperatures lie in [{MinTemperature}, {MaxTemperature}].");
        if (stepsLeft < 0 || stepsLeft > _options.Length)
            throw new InvalidDataException($"The saved state of {Id} has {stepsLeft} steps left; this {Id}'s episodes last {_options.Length} steps.");
        _temperature = temperature;
        _stepsLeft = stepsLeft;
    }

    /// <summary>Options of <see cref="Shower"/>.</summary>
    public sealed class Options
    {
        /// <summary>Lowest comfortable temperature; default 37.</summary>
        public double ComfortLow { get; set; } = 37;

        /// <summary>Highest comfortable temperature; default 39.</summary>
        public double ComfortHigh { get; set; } = 39;

        /// <summary>Centre of the starting temperatures; default 38.</summary>
        public int StartTemperature { get; set; } = 38;

        /// <summary>The start is <see cref="StartTemperature"/> plus a uniform integer in [−spread, spread]; default 3, 0 for a fixed start.</summary>
        public int StartSpread { get; set; } = 3;

        /// <summary>Steps per episode, after which it is truncated; default 60.</summary>
        public int Length { get; set; } = 60;

        /// <summary>Whether each step adds a uniform integer in [−1, 1] to the temperature; default false.</summary>
        public bool Noise { get; set; }
    }
}
