using SkiaSharp;

namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>
/// Acrobot-v1: Sutton's acrobot (NIPS 1995; Sutton and Barto's book), as Gymnasium's
/// <c>AcrobotEnv</c>. Two links are connected linearly to form a chain with one end fixed; torque
/// on the joint between them must swing the free end of the chain above a given height, starting
/// from hanging downwards.
/// </summary>
/// <remarks>
/// <para><b>Action</b>: Discrete(3): the torque on the actuated joint, 0 → −1, 1 → 0, 2 → +1 N·m.</para>
/// <para><b>Observation</b>: Box(6) of float32: cos θ1, sin θ1, cos θ2, sin θ2 (each [-1, 1]), angular
/// velocity of θ1 [-4π, 4π] and of θ2 [-9π, 9π], where θ1 is the angle of the first joint (0 points
/// straight down) and θ2 is relative to the angle of the first link.</para>
/// <para><b>Dynamics</b>: the equations of the book (or the paper, see <see cref="AcrobotDynamics"/>)
/// integrated over 0.2 s by one classical fourth-order Runge–Kutta step; the angles are then wrapped
/// into [-π, π] and the velocities bounded to ±4π and ±9π.</para>
/// <para><b>Reward</b>: −1 for every step that does not reach the target height, 0 for the one that does.</para>
/// <para><b>Starting state</b>: θ1, θ2 and both angular velocities uniformly random in [-0.1, 0.1]
/// (rounded to float32, as Gymnasium stores them).</para>
/// <para><b>Episode end</b>: terminates when the free end reaches the target height,
/// −cos θ1 − cos(θ2 + θ1) &gt; 1; truncated at 500 steps by the registry's time limit (reward threshold −100).</para>
/// <para><b>State</b>: [θ1, θ2, θ̇1, θ̇2] in double precision.</para>
/// <para><b>Version</b>: v1 (Gymnasium 1.x; v1 raised the step limit of v0 from 200 to 500 and observes
/// the sine and cosine of the angles instead of the angles).</para>
/// </remarks>
public sealed class Acrobot : ClassicControlEnv
{
    private const double Dt = 0.2;
    private const double LinkLength1 = 1.0;
    private const double LinkLength2 = 1.0;
    private const double LinkMass1 = 1.0;
    private const double LinkMass2 = 1.0;
    private const double LinkCenterOfMass1 = 0.5;
    private const double LinkCenterOfMass2 = 0.5;
    private const double LinkMomentOfInertia = 1.0;
    private const double G = 9.8;
    private const double MaxVelocity1 = 4 * Math.PI;
    private const double MaxVelocity2 = 9 * Math.PI;

    /// <summary>Creates Acrobot-v1.</summary>
    /// <param name="dynamics">The book's equations (Gymnasium's default) or the NIPS paper's.</param>
    /// <param name="torqueNoiseMax">Half-width of the uniform noise added to each torque (Gymnasium's <c>torque_noise_max</c>, 0 by default).</param>
    public Acrobot(AcrobotDynamics dynamics = AcrobotDynamics.Book, double torqueNoiseMax = 0.0)
        : base("Acrobot-v1", "theta1", "theta2", "theta1_dot", "theta2_dot")
    {
        if (!Enum.IsDefined(dynamics))
            throw new ArgumentOutOfRangeException(nameof(dynamics), dynamics, "Acrobot-v1's dynamics must be Book or Nips.");
        if (!(torqueNoiseMax >= 0) || !double.IsFinite(torqueNoiseMax))
            throw new ArgumentOutOfRangeException(nameof(torqueNoiseMax), torqueNoiseMax, "Acrobot-v1's torque noise must be finite and non-negative.");
        Dynamics = dynamics;
        TorqueNoiseMax = torqueNoiseMax;
    }

    /// <summary>The equations of motion integrated.</summary>
    public AcrobotDynamics Dynamics { get; }

    /// <summary>Half-width of the uniform noise added to each torque.</summary>
    public double TorqueNoiseMax { get; }

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new BoxSpace(
        [-1f, -1f, -1f, -1f, (float)-MaxVelocity1, (float)-MaxVelocity2],
        [1f, 1f, 1f, 1f, (float)MaxVelocity1, (float)MaxVelocity2]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new DiscreteSpace(3);

    /// <inheritdoc />
    protected override void SampleInitialState(Span<double> state)
    {
        for (var i = 0; i < state.Length; i++)
            state[i] = (float)(-0.1 + (0.1 - -0.1) * Random.NextDouble());
    }

    /// <inheritdoc />
    protected override StepOutcome Advance(ReadOnlySpan<float> action, Span<double> state)
    {
        var torque = action[0] - 1.0;
        if (TorqueNoiseMax > 0)
            torque += -TorqueNoiseMax + (TorqueNoiseMax - -TorqueNoiseMax) * Random.NextDouble();

        // The torque rides along as a fifth state element whose derivative is zero, as in Gymnasium.
        Span<double> y = stackalloc double[5];
        state.CopyTo(y);
        y[4] = torque;
        RungeKutta4(y, Dynamics == AcrobotDynamics.Book);

        state[0] = Wrap(y[0], -Math.PI, Math.PI);
        state[1] = Wrap(y[1], -Math.PI, Math.PI);
        state[2] = Bound(y[2], -MaxVelocity1, MaxVelocity1);
        state[3] = Bound(y[3], -MaxVelocity2, MaxVelocity2);

        var terminated = -Math.Cos(state[0]) - Math.Cos(state[1] + state[0]) > 1.0;
        return new StepOutcome(terminated ? 0.0 : -1.0, terminated, false);
    }

    /// <inheritdoc />
    protected override void Observe(ReadOnlySpan<double> state, Span<float> observation)
    {
        observation[0] = (float)Math.Cos(state[0]);
        observation[1] = (float)Math.Sin(state[0]);
        observation[2] = (float)Math.Cos(state[1]);
        observation[3] = (float)Math.Sin(state[1]);
        observation[4] = (float)state[2];
        observation[5] = (float)state[3];
    }

    /// <summary>Writes <see cref="ClassicControlEnv.State"/>; Acrobot keeps no other state.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer) => base.WriteState(writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader) => base.ReadState(reader);

    /// <summary>A 500×500 frame: the two links, their joints and the target height, as Gymnasium draws them.</summary>
    /// <inheritdoc />
    protected override Frame Draw(ReadOnlySpan<double> state)
    {
        const int size = 500;
        const double scale = size / ((LinkLength1 + LinkLength2 + 0.2) * 2);
        const double offset = size / 2.0;
        var linkColor = new SKColor(0, 204, 204);
        var jointColor = new SKColor(204, 204, 0);

        using var canvas = new FrameCanvas(size, size);
        canvas.Line(-2.2 * scale + offset, 1 * scale + offset, 2.2 * scale + offset, 1 * scale + offset, SKColors.Black);
        Span<(double X, double Y, double Angle, double Length)> links =
        [
            (0, 0, state[0] - Math.PI / 2, LinkLength1 * scale),
            (LinkLength1 * Math.Sin(state[0]) * scale, -LinkLength1 * Math.Cos(state[0]) * scale, state[0] + state[1] - Math.PI / 2, LinkLength2 * scale),
        ];
        foreach (var (x, y, angle, length) in links)
        {
            canvas.RotatedRectangle(0, length, 0.1 * scale, -0.1 * scale, angle, x + offset, y + offset, linkColor);
            canvas.Circle((int)(x + offset), (int)(y + offset), (int)(0.1 * scale), jointColor);
        }
        return canvas.ToFrame();
    }

    // One step of the classical Runge–Kutta method over [0, Dt], with Gymnasium's operation order.
    private static void RungeKutta4(Span<double> y, bool book)
    {
        const double dt2 = Dt / 2.0;
        Span<double> k1 = stackalloc double[5], k2 = stackalloc double[5], k3 = stackalloc double[5], k4 = stackalloc double[5];
        Span<double> probe = stackalloc double[5];
        Derivatives(y, k1, book);
        for (var i = 0; i < 5; i++)
            probe[i] = y[i] + dt2 * k1[i];
        Derivatives(probe, k2, book);
        for (var i = 0; i < 5; i++)
            probe[i] = y[i] + dt2 * k2[i];
        Derivatives(probe, k3, book);
        for (var i = 0; i < 5; i++)
            probe[i] = y[i] + Dt * k3[i];
        Derivatives(probe, k4, book);
        for (var i = 0; i < 5; i++)
            y[i] += Dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }

    // The acrobot's equations of motion (Sutton and Barto, 1998, §11.3; Sutton, 1996); powers use
    // Math.Pow because Gymnasium computes them with ** (C pow), which can differ from x·x in the last bit.
    private static void Derivatives(ReadOnlySpan<double> s, Span<double> dsdt, bool book)
    {
        const double m1 = LinkMass1, m2 = LinkMass2, l1 = LinkLength1, lc1 = LinkCenterOfMass1, lc2 = LinkCenterOfMass2;
        const double i1 = LinkMomentOfInertia, i2 = LinkMomentOfInertia;
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3], a = s[4];

        var d1 = m1 * Math.Pow(lc1, 2) + m2 * (Math.Pow(l1, 2) + Math.Pow(lc2, 2) + 2 * l1 * lc2 * Math.Cos(theta2)) + i1 + i2;
        var d2 = m2 * (Math.Pow(lc2, 2) + l1 * lc2 * Math.Cos(theta2)) + i2;
        var phi2 = m2 * lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        var phi1 = -m2 * l1 * lc2 * Math.Pow(dtheta2, 2) * Math.Sin(theta2)
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.Sin(theta2)
            + (m1 * lc1 + m2 * l1) * G * Math.Cos(theta1 - Math.PI / 2)
            + phi2;
        var ddtheta2 = book
            ? (a + d2 / d1 * phi1 - m2 * l1 * lc2 * Math.Pow(dtheta1, 2) * Math.Sin(theta2) - phi2) / (m2 * Math.Pow(lc2, 2) + i2 - Math.Pow(d2, 2) / d1)
            : (a + d2 / d1 * phi1 - phi2) / (m2 * Math.Pow(lc2, 2) + i2 - Math.Pow(d2, 2) / d1);
        var ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        dsdt[0] = dtheta1;
        dsdt[1] = dtheta2;
        dsdt[2] = ddtheta1;
        dsdt[3] = ddtheta2;
        dsdt[4] = 0.0;
    }

    // Wraps x around [min, max] by whole periods, as Gymnasium's wrap (a non-finite x is left alone).
    private static double Wrap(double x, double min, double max)
    {
        if (!double.IsFinite(x))
            return x;
        var period = max - min;
        while (x > max)
            x -= period;
        while (x < min)
            x += period;
        return x;
    }

    // Python's min(max(x, lo), hi).
    private static double Bound(double x, double min, double max)
    {
        if (min > x)
            x = min;
        return max < x ? max : x;
    }
}
