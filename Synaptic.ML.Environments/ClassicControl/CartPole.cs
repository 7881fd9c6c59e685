using SkiaSharp;

namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>
/// CartPole-v1: the cart-pole problem of Barto, Sutton and Anderson (1983), as Gymnasium's
/// <c>CartPoleEnv</c>. A pole is attached by an un-actuated joint to a cart moving along a
/// frictionless track; the goal is to balance the pole by pushing the cart left or right.
/// </summary>
/// <remarks>
/// <para><b>Action</b>: Discrete(2): 0 pushes the cart to the left, 1 to the right, with a fixed force of 10 N.</para>
/// <para><b>Observation</b>: Box(4) of float32: cart position [-4.8, 4.8], cart velocity (-inf, inf),
/// pole angle [-0.418, 0.418] rad (±24°), pole angular velocity (-inf, inf).</para>
/// <para><b>Reward</b>: +1 for every step taken, including the terminating one (with
/// <c>suttonBartoReward</c>: 0 per step and -1 for the terminating step).</para>
/// <para><b>Starting state</b>: all four state values uniformly random in (-0.05, 0.05).</para>
/// <para><b>Episode end</b>: terminates when the pole angle leaves ±12° or the cart position leaves
/// ±2.4 (the centre of the cart reaches the edge of the display); truncated at 500 steps by the
/// registry's time limit (reward threshold 475).</para>
/// <para><b>State</b>: [x, x_dot, theta, theta_dot] in double precision, advanced by explicit Euler
/// steps of 0.02 s; the observation is its float32 copy.</para>
/// <para><b>Version</b>: v1 (Gymnasium 1.x; v1 raised the step limit of v0 from 200 to 500).</para>
/// </remarks>
public sealed class CartPole : ClassicControlEnv
{
    private const double Gravity = 9.8;
    private const double MassCart = 1.0;
    private const double MassPole = 0.1;
    private const double TotalMass = MassPole + MassCart;
    private const double Length = 0.5; // half the pole's length
    private const double PoleMassLength = MassPole * Length;
    private const double ForceMagnitude = 10.0;
    private const double Tau = 0.02;
    private const double ThetaThreshold = 12 * 2 * Math.PI / 360;
    private const double XThreshold = 2.4;

    private readonly bool _suttonBartoReward;

    /// <summary>Creates CartPole-v1.</summary>
    /// <param name="suttonBartoReward">Reward 0 per step and -1 on termination, as the original Sutton–Barto implementation.</param>
    public CartPole(bool suttonBartoReward = false)
        : base("CartPole-v1", "x", "x_dot", "theta", "theta_dot")
    {
        _suttonBartoReward = suttonBartoReward;
        // The angle bound is twice the failure angle so that a failing observation is still in the space.
        float[] high = [(float)(XThreshold * 2), float.PositiveInfinity, (float)(ThetaThreshold * 2), float.PositiveInfinity];
        ObservationSpace = new BoxSpace(high.Select(h => -h).ToArray(), high);
    }

    /// <inheritdoc />
    public override Space ObservationSpace { get; }

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    /// <inheritdoc />
    protected override void SampleInitialState(Span<double> state)
    {
        for (var i = 0; i < state.Length; i++)
            state[i] = -0.05 + (0.05 - -0.05) * Random.NextDouble();
    }

    /// <inheritdoc />
    protected override StepOutcome Advance(ReadOnlySpan<float> action, Span<double> state)
    {
        double x = state[0], xDot = state[1], theta = state[2], thetaDot = state[3];
        var force = action[0] == 1 ? ForceMagnitude : -ForceMagnitude;
        var cosTheta = Math.Cos(theta);
        var sinTheta = Math.Sin(theta);

        // Florian (2007), "Correct equations for the dynamics of the cart-pole system", with the
        // operations in Gymnasium's order so that every step is bit-identical.
        var temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        var thetaAcc = (Gravity * sinTheta - cosTheta * temp)
            / (Length * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        var xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;

        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        state[0] = x;
        state[1] = xDot;
        state[2] = theta;
        state[3] = thetaDot;

        var terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
        var reward = _suttonBartoReward ? (terminated ? -1.0 : 0.0) : 1.0;
        return new StepOutcome(reward, terminated, false);
    }

    /// <inheritdoc />
    protected override void Observe(ReadOnlySpan<double> state, Span<float> observation)
    {
        for (var i = 0; i < 4; i++)
            observation[i] = (float)state[i];
    }

    /// <summary>Writes <see cref="ClassicControlEnv.State"/>; CartPole keeps no other state.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer) => base.WriteState(writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader) => base.ReadState(reader);

    /// <summary>A 600×400 frame: the cart on its track and the pole, as Gymnasium draws them.</summary>
    /// <inheritdoc />
    protected override Frame Draw(ReadOnlySpan<double> state)
    {
        const int width = 600, height = 400;
        const double scale = width / (XThreshold * 2);
        const double poleWidth = 10, poleLength = scale * (2 * Length);
        const double cartWidth = 50, cartHeight = 30, cartY = 100, axleOffset = cartHeight / 4;
        var cartX = state[0] * scale + width / 2.0;

        using var canvas = new FrameCanvas(width, height);
        canvas.RotatedRectangle(-cartWidth / 2, cartWidth / 2, cartHeight / 2, -cartHeight / 2, 0, cartX, cartY, SKColors.Black);
        canvas.RotatedRectangle(-poleWidth / 2, poleWidth / 2, poleLength - poleWidth / 2, -poleWidth / 2,
            -state[2], cartX, cartY + axleOffset, new SKColor(202, 152, 101));
        canvas.Circle((int)cartX, (int)(cartY + axleOffset), (int)(poleWidth / 2), new SKColor(129, 132, 203));
        canvas.Line(0, cartY, width, cartY, SKColors.Black);
        return canvas.ToFrame();
    }
}
