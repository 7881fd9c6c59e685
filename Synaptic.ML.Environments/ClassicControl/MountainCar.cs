namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>
/// MountainCar-v0: Andrew Moore's mountain car (1990) with discrete actions, as Gymnasium's
/// <c>MountainCarEnv</c>. A car placed stochastically at the bottom of a sinusoidal valley must be
/// accelerated strategically to reach the goal on top of the right hill.
/// </summary>
/// <remarks>
/// <para><b>Action</b>: Discrete(3): 0 accelerates to the left, 1 does not accelerate, 2 accelerates to the right.</para>
/// <para><b>Observation</b>: Box(2) of float32: position of the car along the x-axis [-1.2, 0.6],
/// velocity of the car [-0.07, 0.07].</para>
/// <para><b>Dynamics</b>: velocity ← velocity + (action − 1)·0.001 − 0.0025·cos(3·position), clipped to
/// [-0.07, 0.07]; position ← position + velocity, clipped to [-1.2, 0.6]; the collision with the left
/// wall is inelastic (velocity set to 0).</para>
/// <para><b>Reward</b>: -1 for each time step.</para>
/// <para><b>Starting state</b>: position uniformly random in [-0.6, -0.4], velocity 0.</para>
/// <para><b>Episode end</b>: terminates when position ≥ 0.5 (the goal on top of the right hill) and
/// velocity ≥ the goal velocity (default 0); truncated at 200 steps by the registry's time limit
/// (reward threshold -110).</para>
/// <para><b>State</b>: [position, velocity] in double precision; the observation is its float32 copy.</para>
/// <para><b>Version</b>: v0 (Gymnasium 1.x).</para>
/// </remarks>
public sealed class MountainCar : ClassicControlEnv
{
    private const double MinPosition = -1.2;
    private const double MaxPosition = 0.6;
    private const double MaxSpeed = 0.07;
    private const double GoalPosition = 0.5;
    private const double Force = 0.001;
    private const double Gravity = 0.0025;

    /// <summary>Creates MountainCar-v0.</summary>
    /// <param name="goalVelocity">Velocity the car must have at the goal position to terminate (Gymnasium's <c>goal_velocity</c>).</param>
    public MountainCar(double goalVelocity = 0)
        : base("MountainCar-v0", "position", "velocity")
    {
        if (double.IsNaN(goalVelocity))
            throw new ArgumentOutOfRangeException(nameof(goalVelocity), goalVelocity, "MountainCar-v0's goal velocity must be a number.");
        GoalVelocity = goalVelocity;
    }

    /// <summary>Velocity the car must have at the goal position to terminate.</summary>
    public double GoalVelocity { get; }

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new BoxSpace([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new DiscreteSpace(3);

    /// <inheritdoc />
    protected override void SampleInitialState(Span<double> state)
    {
        state[0] = -0.6 + (-0.4 - -0.6) * Random.NextDouble();
        state[1] = 0;
    }

    /// <inheritdoc />
    protected override StepOutcome Advance(ReadOnlySpan<float> action, Span<double> state)
    {
        double position = state[0], velocity = state[1];
        velocity += ((int)action[0] - 1) * Force + Math.Cos(3 * position) * -Gravity;
        velocity = Math.Min(Math.Max(velocity, -MaxSpeed), MaxSpeed);
        position += velocity;
        position = Math.Min(Math.Max(position, MinPosition), MaxPosition);
        if (position == MinPosition && velocity < 0)
            velocity = 0;
        state[0] = position;
        state[1] = velocity;

        var terminated = position >= GoalPosition && velocity >= GoalVelocity;
        return new StepOutcome(-1.0, terminated, false);
    }

    /// <inheritdoc />
    protected override void Observe(ReadOnlySpan<double> state, Span<float> observation)
    {
        observation[0] = (float)state[0];
        observation[1] = (float)state[1];
    }

    /// <summary>Writes <see cref="ClassicControlEnv.State"/>; MountainCar keeps no other state.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer) => base.WriteState(writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader) => base.ReadState(reader);

    /// <summary>A 600×400 frame: the valley, the car and the goal flag, as Gymnasium draws them.</summary>
    /// <inheritdoc />
    protected override Frame Draw(ReadOnlySpan<double> state) => MountainCarDrawing.Draw(state[0], GoalPosition);
}
