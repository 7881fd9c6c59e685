using SkiaSharp;

namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>
/// Pendulum-v1: the inverted pendulum swing-up problem, as Gymnasium's <c>PendulumEnv</c>. A
/// pendulum is attached at one end to a fixed point; torque applied at the free end must swing it
/// into an upright position, with its centre of gravity right above the fixed point.
/// </summary>
/// <remarks>
/// <para><b>Action</b>: Box(-2, 2, (1,)) of float32: the torque applied to the free end, in N·m,
/// positive counter-clockwise.</para>
/// <para><b>Observation</b>: Box(3) of float32: x = cos(theta) [-1, 1], y = sin(theta) [-1, 1],
/// angular velocity [-8, 8].</para>
/// <para><b>Dynamics</b>: theta_dot ← theta_dot + (3g/(2l)·sin(theta) + 3/(m·l²)·u)·dt clipped to
/// [-8, 8], then theta ← theta + theta_dot·dt, with m = l = 1, dt = 0.05 and g = 10 by default.</para>
/// <para><b>Reward</b>: −(theta² + 0.1·theta_dot² + 0.001·torque²), where theta is the angle
/// normalized to [-π, π) (0 is upright), computed from the state before the step; the minimum is
/// −16.2736044 and the maximum 0.</para>
/// <para><b>Starting state</b>: a random angle in [-π, π] and a random angular velocity in [-1, 1].</para>
/// <para><b>Episode end</b>: never terminates; truncated at 200 steps by the registry's time limit
/// (no reward threshold).</para>
/// <para><b>State</b>: [theta, theta_dot] in double precision; theta is not wrapped.</para>
/// <para><b>Version</b>: v1 (Gymnasium 1.x; v1 simplified the equations of v0 without changing its behaviour).</para>
/// </remarks>
public sealed class Pendulum : ClassicControlEnv
{
    private const double MaxSpeed = 8;
    private const double MaxTorque = 2.0;
    private const double Dt = 0.05;
    private const double Mass = 1.0;
    private const double Length = 1.0;

    private double? _lastTorque;

    /// <summary>Creates Pendulum-v1.</summary>
    /// <param name="gravity">Acceleration of gravity g in m/s² (Gymnasium's <c>g</c>).</param>
    public Pendulum(double gravity = 10.0)
        : base("Pendulum-v1", "theta", "theta_dot")
    {
        if (!double.IsFinite(gravity))
            throw new ArgumentOutOfRangeException(nameof(gravity), gravity, "Pendulum-v1's gravity must be finite.");
        Gravity = gravity;
    }

    /// <summary>Acceleration of gravity g in m/s².</summary>
    public double Gravity { get; }

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new BoxSpace([-1f, -1f, (float)-MaxSpeed], [1f, 1f, (float)MaxSpeed]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new BoxSpace((float)-MaxTorque, (float)MaxTorque, 1);

    /// <summary>The angle <paramref name="theta"/> mapped into [-π, π), as Gymnasium's <c>angle_normalize</c>.</summary>
    /// <param name="theta">An angle in radians.</param>
    /// <returns>The equivalent angle in [-π, π).</returns>
    public static double NormalizeAngle(double theta)
    {
        // Python's floored modulo: the remainder takes the sign of the divisor.
        const double period = 2 * Math.PI;
        var remainder = (theta + Math.PI) % period;
        if (remainder < 0)
            remainder += period;
        return remainder - Math.PI;
    }

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        _lastTorque = null;
        base.OnReset(observation, seed);
    }

    /// <inheritdoc />
    protected override void SampleInitialState(Span<double> state)
    {
        state[0] = -Math.PI + (Math.PI - -Math.PI) * Random.NextDouble();
        state[1] = -1.0 + (1.0 - -1.0) * Random.NextDouble();
    }

    /// <inheritdoc />
    protected override StepOutcome Advance(ReadOnlySpan<float> action, Span<double> state)
    {
        double theta = state[0], thetaDot = state[1];
        var u = Math.Min(Math.Max((double)action[0], -MaxTorque), MaxTorque);
        _lastTorque = u;
        // Math.Pow, not x·x: Gymnasium squares with ** (C pow), and the reward must match bit for bit.
        var costs = Math.Pow(NormalizeAngle(theta), 2) + 0.1 * Math.Pow(thetaDot, 2) + 0.001 * Math.Pow(u, 2);

        var newThetaDot = thetaDot + (3 * Gravity / (2 * Length) * Math.Sin(theta) + 3.0 / (Mass * Math.Pow(Length, 2)) * u) * Dt;
        newThetaDot = Math.Min(Math.Max(newThetaDot, -MaxSpeed), MaxSpeed);
        state[0] = theta + newThetaDot * Dt;
        state[1] = newThetaDot;
        return new StepOutcome(-costs, false, false);
    }

    /// <inheritdoc />
    protected override void Observe(ReadOnlySpan<double> state, Span<float> observation)
    {
        observation[0] = (float)Math.Cos(state[0]);
        observation[1] = (float)Math.Sin(state[0]);
        observation[2] = (float)state[1];
    }

    /// <summary>Writes <see cref="ClassicControlEnv.State"/> and the last torque (which only the rendering shows).</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_lastTorque.HasValue);
        writer.Write(_lastTorque.GetValueOrDefault());
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var hasTorque = reader.ReadBoolean();
        var torque = reader.ReadDouble();
        _lastTorque = hasTorque ? torque : null;
    }

    /// <summary>A 500×500 frame: the rod, its axle and an arrow for the last torque, as Gymnasium draws them.</summary>
    /// <inheritdoc />
    protected override Frame Draw(ReadOnlySpan<double> state)
    {
        const int size = 500;
        const double scale = size / (2.2 * 2);
        const double offset = size / 2;
        const double rodLength = 1 * scale, rodWidth = 0.2 * scale;
        var rodColor = new SKColor(204, 77, 77);
        var angle = state[0] + Math.PI / 2;

        using var canvas = new FrameCanvas(size, size);
        canvas.RotatedRectangle(0, rodLength, rodWidth / 2, -rodWidth / 2, angle, offset, offset, rodColor);
        canvas.Circle(offset, offset, (int)(rodWidth / 2), rodColor);
        canvas.Circle((int)(rodLength * Math.Cos(angle) + offset), (int)(rodLength * Math.Sin(angle) + offset), (int)(rodWidth / 2), rodColor);
        if (_lastTorque is double torque && torque != 0)
            DrawTorqueArrow(canvas, offset, scale * Math.Abs(torque) / 4, torque > 0);
        canvas.Circle(offset, offset, (int)(0.05 * scale), SKColors.Black);
        return canvas.ToFrame();
    }

    // Gymnasium blits a curved-arrow image sized by |torque|, mirrored for positive torque; this
    // draws the same cue: an arc around the axle with its head in the direction of the torque.
    private static void DrawTorqueArrow(FrameCanvas canvas, double centre, double radius, bool counterClockwise)
    {
        const double start = -Math.PI / 4, sweep = 1.5 * Math.PI;
        var lineWidth = (float)Math.Max(2, radius / 6);
        canvas.Arc(centre, centre, radius, start, sweep, lineWidth, SKColors.Black);
        var tipAngle = counterClockwise ? start + sweep : start;
        var direction = counterClockwise ? 1.0 : -1.0;
        double tipX = centre + radius * Math.Cos(tipAngle), tipY = centre + radius * Math.Sin(tipAngle);
        // The head points along the tangent of the arc at its end, in the direction of rotation.
        double tx = -Math.Sin(tipAngle) * direction, ty = Math.Cos(tipAngle) * direction;
        double nx = -ty, ny = tx;
        var head = radius / 2.5;
        canvas.Polygon(
        [
            (tipX + tx * head, tipY + ty * head),
            (tipX + nx * head / 2, tipY + ny * head / 2),
            (tipX - nx * head / 2, tipY - ny * head / 2),
        ], SKColors.Black);
    }
}
