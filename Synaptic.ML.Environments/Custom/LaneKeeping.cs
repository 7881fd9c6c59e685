using SkiaSharp;

namespace Synaptic.ML.Environments.Custom;

/// <summary>
/// LaneKeeping-v0: steer a car along a winding road of width 8 using three distance sensors, with
/// road profiles for a curriculum (<see cref="LaneKeepingRoadProfile"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>State</b>: distance travelled along the road's centre line, lateral position x (positive to
/// the right of the centre; the edges are at ±4) and heading ψ relative to the road (positive to the
/// right). The car moves <see cref="Options.Speed"/> units per step in a straight line from its
/// heading, so on a bend the road turns under it (see <see cref="CurvatureAt"/>).
/// </para>
/// <para>
/// <b>Action space</b>: Discrete(3): 0 = steer left (ψ −= <see cref="Options.SteeringStep"/>),
/// 1 = straight, 2 = steer right (ψ += step); the heading changes before the car moves.
/// </para>
/// <para>
/// <b>Observation space</b>: Box(0, 20, (3,)): distances from the car to the road edge along three
/// rays, left (ψ − 45°), centre (ψ) and right (ψ + 45°), each capped at <see cref="Options.SensorRange"/>.
/// Rays are straight, so the centre sensor sees an upcoming bend's outer edge. With
/// <see cref="Options.IncludePose"/>, two more elements: x in [−(4 + speed), 4 + speed] and ψ in [−π, π].
/// </para>
/// <para>
/// <b>Reward</b>: −100 on a crash; otherwise 2·max(0, 1 − |x|/4) + 0.5 − 0.1·[the action differs
/// from the previous one] (before the first step the previous action counts as straight).
/// </para>
/// <para>
/// <b>Starting state</b>: distance 0, heading 0, x uniform in ±<see cref="Options.StartLateralSpread"/>;
/// the road profile of <see cref="Phase"/> is shifted by a uniform random offset of up to one period
/// and mirrored with probability ½, all drawn from the reset's seed.
/// </para>
/// <para>
/// <b>Episode end</b>: terminated on a crash, |x| &gt; 4 after a step; truncated after
/// <see cref="Options.Length"/> steps (default 100). The limit is the environment's own (a time limit
/// is truncation, as in Gymnasium), so the registration adds no <c>TimeLimit</c>.
/// </para>
/// <para>
/// <b>Curriculum</b>: <see cref="Phase"/> may change between episodes and takes effect at the next
/// reset; changing it during an episode throws.
/// </para>
/// <para><b>Version</b>: v0, the first version.</para>
/// </remarks>
public sealed class LaneKeeping : Env
{
    /// <summary>The registered id.</summary>
    public const string EnvId = "LaneKeeping-v0";

    /// <summary>Half the road width; the edges are at lateral positions ±4.</summary>
    public const double RoadHalfWidth = LaneKeepingRoad.HalfWidth;

    /// <summary>Reward of the step that crashes.</summary>
    public const double CrashReward = -100;

    /// <summary>Action that steers left.</summary>
    public const int SteerLeft = 0;

    /// <summary>Action that keeps the heading.</summary>
    public const int Straight = 1;

    /// <summary>Action that steers right.</summary>
    public const int SteerRight = 2;

    private readonly Options _options;
    private LaneKeepingRoadProfile _phase;
    private LaneKeepingRoad _road;
    private double _distance;
    private double _lateral;
    private double _heading;
    private int _previousAction = Straight;
    private int _steps;

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Phase, dynamics, sensors and episode length; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range (named in the message).</exception>
    public LaneKeeping(Options? options = null)
        : base(EnvId)
    {
        var o = options ?? new Options();
        Check(o.Length > 0, nameof(Options.Length), o.Length, "positive");
        Check(o.Speed is > 0 and <= 2, nameof(Options.Speed), o.Speed, "in (0, 2]");
        Check(o.SteeringStep is > 0 and <= Math.PI / 2, nameof(Options.SteeringStep), o.SteeringStep, "in (0, π/2]");
        Check(o.SensorRange is > 0 and <= 1000, nameof(Options.SensorRange), o.SensorRange, "in (0, 1000]");
        Check(o.SensorAngle is > 0 and < Math.PI, nameof(Options.SensorAngle), o.SensorAngle, "in (0, π)");
        Check(o.StartLateralSpread is >= 0 and < RoadHalfWidth, nameof(Options.StartLateralSpread), o.StartLateralSpread, "in [0, 4)");
        Check(Enum.IsDefined(o.Phase), nameof(Options.Phase), o.Phase, "a defined LaneKeepingRoadProfile");
        _options = new Options
        {
            Phase = o.Phase,
            Length = o.Length,
            Speed = o.Speed,
            SteeringStep = o.SteeringStep,
            SensorRange = o.SensorRange,
            SensorAngle = o.SensorAngle,
            IncludePose = o.IncludePose,
            StartLateralSpread = o.StartLateralSpread,
        };
        _phase = o.Phase;
        _road = new LaneKeepingRoad(_phase, 0, 1);
        EpisodePhase = _phase;
        var range = (float)o.SensorRange;
        var lateral = (float)(RoadHalfWidth + o.Speed);
        ObservationSpace = o.IncludePose
            ? new BoxSpace([0f, 0f, 0f, -lateral, -MathF.PI], [range, range, range, lateral, MathF.PI])
            : new BoxSpace(0f, range, 3);
    }

    /// <inheritdoc />
    public override Space ObservationSpace { get; }

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new DiscreteSpace(3);

    /// <summary>
    /// The road profile of the next episodes. It can be set at any time and takes effect at the next
    /// reset; the running episode keeps its road (see <see cref="EpisodePhase"/>), so a curriculum
    /// can advance even when an outer time limit cut the episode short.
    /// </summary>
    public LaneKeepingRoadProfile Phase
    {
        get => _phase;
        set
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Unknown {nameof(LaneKeepingRoadProfile)} {(int)value}.");
            _phase = value;
        }
    }

    /// <summary>The road profile of the running (or last) episode.</summary>
    public LaneKeepingRoadProfile EpisodePhase { get; private set; }

    /// <summary>Distance travelled along the road's centre line.</summary>
    public double Distance => _distance;

    /// <summary>Lateral position x relative to the road centre, positive to the right.</summary>
    public double LateralPosition => _lateral;

    /// <summary>Heading ψ relative to the road's direction in radians, positive to the right, in [−π, π].</summary>
    public double Heading => _heading;

    /// <summary>The current sensor readings (left, centre, right), as the observation holds them.</summary>
    public (double Left, double Centre, double Right) Sensors =>
        (Sense(-_options.SensorAngle), Sense(0), Sense(_options.SensorAngle));

    /// <summary>Curvature (1 / radius, positive bending right) of this episode's road at <paramref name="distance"/>.</summary>
    /// <param name="distance">Distance along the centre line.</param>
    /// <returns>The curvature; 0 on a straight road.</returns>
    public double CurvatureAt(double distance) => _road.Curvature(distance);

    /// <summary>
    /// Places the car at lateral position <paramref name="lateralPosition"/> with heading
    /// <paramref name="heading"/> during an episode, as setting <c>env.unwrapped.state</c> in Gymnasium:
    /// for tests and hand-made starting states.
    /// </summary>
    /// <param name="lateralPosition">x in [−4, 4].</param>
    /// <param name="heading">ψ in [−π, π].</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is off the road or out of range.</exception>
    /// <exception cref="InvalidOperationException">No episode is running.</exception>
    public void SetPose(double lateralPosition, double heading)
    {
        if (NeedsReset)
            throw new InvalidOperationException($"{Id} has no running episode; call Reset before SetPose.");
        if (!(Math.Abs(lateralPosition) <= RoadHalfWidth))
            throw new ArgumentOutOfRangeException(nameof(lateralPosition), lateralPosition, $"Lateral position {lateralPosition} is off the road [−4, 4].");
        if (!(Math.Abs(heading) <= Math.PI))
            throw new ArgumentOutOfRangeException(nameof(heading), heading, $"Heading {heading} is not in [−π, π].");
        _lateral = lateralPosition;
        _heading = heading;
    }

    /// <summary>
    /// A top-down view that follows the car (6 pixels per unit, 10 units behind to 43 ahead): grey
    /// road with white edges and a dashed centre line, the car red, the sensor rays blue.
    /// </summary>
    /// <returns>A 240 × 320 frame.</returns>
    public override Frame Render()
    {
        const float scale = 6, carX = 120, carY = 260;
        var left = new List<SKPoint>();
        var right = new List<SKPoint>();
        var centre = new List<SKPoint>();
        for (var s = -10.0; s <= 44.0; s += 0.5)
        {
            var (px, py, theta) = RoadPoint(s);
            float nx = (float)Math.Cos(theta), ny = (float)Math.Sin(theta), w = (float)RoadHalfWidth;
            centre.Add(new SKPoint(carX + scale * px, carY + scale * py));
            left.Add(new SKPoint(carX + scale * (px - w * nx), carY + scale * (py - w * ny)));
            right.Add(new SKPoint(carX + scale * (px + w * nx), carY + scale * (py + w * ny)));
        }
        var car = new SKPoint(carX + scale * (float)_lateral, carY);
        var sensors = Sensors;
        return SkiaFrames.Draw(240, 320, new SKColor(90, 150, 70), canvas =>
        {
            using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = new SKColor(110, 110, 115) };
            using var road = new SKPath();
            road.AddPoly([.. left, .. Enumerable.Reverse(right)]);
            canvas.DrawPath(road, paint);
            paint.Style = SKPaintStyle.Stroke;
            paint.StrokeWidth = 2;
            paint.Color = SKColors.White;
            canvas.DrawPoints(SKPointMode.Polygon, [.. left], paint);
            canvas.DrawPoints(SKPointMode.Polygon, [.. right], paint);
            using (var dash = SKPathEffect.CreateDash([8, 8], 0))
            {
                paint.PathEffect = dash;
                paint.Color = new SKColor(240, 210, 60);
                // A path, not a point polygon: the dash pattern must run along the whole line.
                using var centreLine = new SKPath();
                centreLine.AddPoly([.. centre], close: false);
                canvas.DrawPath(centreLine, paint);
                paint.PathEffect = null;
            }
            paint.StrokeWidth = 1;
            paint.Color = new SKColor(80, 170, 255);
            foreach (var (offset, reading) in new[] { (-_options.SensorAngle, sensors.Left), (0.0, sensors.Centre), (_options.SensorAngle, sensors.Right) })
            {
                var direction = _heading + offset;
                canvas.DrawLine(car, new SKPoint(car.X + scale * (float)(reading * Math.Sin(direction)), car.Y - scale * (float)(reading * Math.Cos(direction))), paint);
            }
            paint.Style = SKPaintStyle.Fill;
            paint.Color = new SKColor(220, 30, 50);
            canvas.Save();
            canvas.RotateRadians((float)_heading, car.X, car.Y);
            canvas.DrawRect(SKRect.Create(car.X - 0.8f * scale, car.Y - 1.5f * scale, 1.6f * scale, 3f * scale), paint);
            canvas.Restore();
        });
    }

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        var offset = Random.NextDouble() * LaneKeepingRoad.OffsetRange(_phase);
        var direction = Random.NextDouble() < 0.5 ? -1.0 : 1.0;
        _road = new LaneKeepingRoad(_phase, offset, direction);
        EpisodePhase = _phase;
        _distance = 0;
        _lateral = (2 * Random.NextDouble() - 1) * _options.StartLateralSpread;
        _heading = 0;
        _previousAction = Straight;
        _steps = 0;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var steering = (int)action[0];
        _heading = Math.IEEERemainder(_heading + (steering - Straight) * _options.SteeringStep, 2 * Math.PI);
        var angle = _heading;
        _road.Advance(ref _distance, ref _lateral, ref angle, _options.Speed);
        _heading = Math.IEEERemainder(angle, 2 * Math.PI);
        var steeringChanged = steering != _previousAction;
        _previousAction = steering;
        _steps++;
        Observe(observation);
        var truncated = _steps >= _options.Length;
        if (Math.Abs(_lateral) > RoadHalfWidth)
            return new StepOutcome(CrashReward, true, truncated);
        var reward = 2 * Math.Max(0, 1 - Math.Abs(_lateral) / RoadHalfWidth) + 0.5 - (steeringChanged ? 0.1 : 0);
        return new StepOutcome(reward, false, truncated);
    }

    /// <summary>
    /// Writes the phase of the next episode (<see cref="Phase"/>), the road of the running one (its
    /// phase, offset along the track and direction), the car's pose and distance, the previous action
    /// (which the steering-change penalty compares with) and the steps taken.
    /// </summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write((int)_phase);
        writer.Write((int)_road.Phase);
        writer.Write(_road.Offset);
        writer.Write(_road.Direction);
        writer.Write(_distance);
        writer.Write(_lateral);
        writer.Write(_heading);
        writer.Write(_previousAction);
        writer.Write(_steps);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">A phase or action is not defined, or the steps exceed the episode length.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var phase = ReadPhase(reader);
        var roadPhase = ReadPhase(reader);
        var offset = reader.ReadDouble();
        var direction = reader.ReadDouble();
        var distance = reader.ReadDouble();
        var lateral = reader.ReadDouble();
        var heading = reader.ReadDouble();
        var previousAction = reader.ReadInt32();
        var steps = reader.ReadInt32();
        if (previousAction is < SteerLeft or > SteerRight)
            throw new InvalidDataException($"The saved state of {Id} has previous action {previousAction}; actions are {SteerLeft} to {SteerRight}.");
        if (steps < 0 || steps > _options.Length)
            throw new InvalidDataException($"The saved state of {Id} has taken {steps} steps; this {Id}'s episodes last {_options.Length}.");
        _phase = phase;
        _road = new LaneKeepingRoad(roadPhase, offset, direction);
        EpisodePhase = roadPhase;
        _distance = distance;
        _lateral = lateral;
        _heading = heading;
        _previousAction = previousAction;
        _steps = steps;
    }

    private LaneKeepingRoadProfile ReadPhase(BinaryReader reader)
    {
        var phase = (LaneKeepingRoadProfile)reader.ReadInt32();
        return Enum.IsDefined(phase) ? phase
            : throw new InvalidDataException($"The saved state of {Id} has curriculum phase {(int)phase}, which is not a {nameof(LaneKeepingRoadProfile)}.");
    }

    private double Sense(double offset) => _road.Sense(_distance, _lateral, _heading + offset, _options.SensorRange);

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)Sense(-_options.SensorAngle);
        observation[1] = (float)Sense(0);
        observation[2] = (float)Sense(_options.SensorAngle);
        if (_options.IncludePose)
        {
            var bound = (float)(RoadHalfWidth + _options.Speed);
            observation[3] = Math.Clamp((float)_lateral, -bound, bound);
            observation[4] = Math.Clamp((float)_heading, -MathF.PI, MathF.PI);
        }
    }

    // Centre-line point at distance s from the car's, in units with the car's road point at the origin,
    // the road there pointing up the screen (−y), and θ the tangent's clockwise turn from up.
    private (float X, float Y, double Theta) RoadPoint(double s)
    {
        double x = 0, y = 0, theta = 0, step = Math.Sign(s) * 0.25;
        for (double travelled = 0; Math.Abs(travelled) < Math.Abs(s); travelled += step)
        {
            theta += step * _road.Curvature(_distance + travelled + step / 2) / 2;
            x += step * Math.Sin(theta);
            y -= step * Math.Cos(theta);
            theta += step * _road.Curvature(_distance + travelled + step / 2) / 2;
        }
        return ((float)x, (float)y, theta);
    }

    private static void Check(bool valid, string name, object value, string expectation)
    {
        if (!valid)
            throw new ArgumentOutOfRangeException(name, value, $"LaneKeeping option {name} is {value}; it must be {expectation}.");
    }

    /// <summary>Options of <see cref="LaneKeeping"/>.</summary>
    public sealed class Options
    {
        /// <summary>Road profile of the first episodes; default <see cref="LaneKeepingRoadProfile.Straight"/>.</summary>
        public LaneKeepingRoadProfile Phase { get; set; } = LaneKeepingRoadProfile.Straight;

        /// <summary>Steps per episode, after which it is truncated; default 100.</summary>
        public int Length { get; set; } = 100;

        /// <summary>Distance the car moves per step, in (0, 2]; default 1.</summary>
        public double Speed { get; set; } = 1.0;

        /// <summary>Heading change of a left or right action in radians; default 0.15 (about 8.6°).</summary>
        public double SteeringStep { get; set; } = 0.15;

        /// <summary>Longest distance a sensor reports; default 20.</summary>
        public double SensorRange { get; set; } = 20.0;

        /// <summary>Angle between the centre sensor and each side sensor in radians; default π/4 (45°).</summary>
        public double SensorAngle { get; set; } = Math.PI / 4;

        /// <summary>Whether the observation also holds x and ψ (5 elements instead of 3); default false.</summary>
        public bool IncludePose { get; set; }

        /// <summary>The starting x is uniform in ±this, below 4; default 0.5.</summary>
        public double StartLateralSpread { get; set; } = 0.5;
    }
}
