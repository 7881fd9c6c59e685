namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>
/// MountainCarContinuous-v0: Andrew Moore's mountain car (1990) with a continuous force, as
/// Gymnasium's <c>Continuous_MountainCarEnv</c>. A car placed stochastically at the bottom of a
/// sinusoidal valley must be accelerated strategically to reach the goal on top of the right hill.
/// </summary>
/// <remarks>
/// <para><b>Action</b>: Box(-1, 1, (1,)) of float32: the directional force applied on the car,
/// clipped to [-1, 1] and multiplied by a power of 0.0015.</para>
/// <para><b>Observation</b>: Box(2) of float32: position of the car along the x-axis [-1.2, 0.6],
/// velocity of the car [-0.07, 0.07].</para>
/// <para><b>Dynamics</b>: velocity ← velocity + force·0.0015 − 0.0025·cos(3·position), clipped to
/// [-0.07, 0.07]; position ← position + velocity, clipped to [-1.2, 0.6]; the collision with the left
/// wall is inelastic (velocity set to 0).</para>
/// <para><b>Reward</b>: −0.1·action² at each step, plus 100 on the step that reaches the goal.</para>
/// <para><b>Starting state</b>: position uniformly random in [-0.6, -0.4], velocity 0.</para>
/// <para><b>Episode end</b>: terminates when position ≥ 0.45 (the goal on top of the right hill) and
/// velocity ≥ the goal velocity (default 0); truncated at 999 steps by the registry's time limit
/// (reward threshold 90).</para>
/// <para><b>State</b>: [position, velocity]. As in Gymnasium, each step computes in double precision
/// and then stores the state rounded to float32 (the starting state is not rounded); the observation
/// is the float32 state.</para>
/// <para><b>Version</b>: v0 (Gymnasium 1.x).</para>
/// </remarks>
public sealed class MountainCarContinuous : ClassicControlEnv
{
    private const double MinAction = -1.0;
    private const double MaxAction = 1.0;
    private const double MinPosition = -1.2;
    private const double MaxPosition = 0.6;
    private const double MaxSpeed = 0.07;
    private const double GoalPosition = 0.45;
    private const double Power = 0.0015;

    /// <summary>Creates MountainCarContinuous-v0.</summary>
    /// <param name="goalVelocity">Velocity the car must have at the goal position to terminate (Gymnasium's <c>goal_velocity</c>).</param>
    public MountainCarContinuous(double goalVelocity = 0)
        : base("MountainCarContinuous-v0", "position", "velocity")
    {
        if (double.IsNaN(goalVelocity))
            throw new ArgumentOutOfRangeException(nameof(goalVelocity), goalVelocity, "MountainCarContinuous-v0's goal velocity must be a number.");
        GoalVelocity = goalVelocity;
    }

    /// <summary>Velocity the car must have at the goal position to terminate.</summary>
    public double GoalVelocity { get; }

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new BoxSpace([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new BoxSpace((float)MinAction, (float)MaxAction, 1);

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
        double push = action[0];
        var force = Math.Min(Math.Max(push, MinAction), MaxAction);

        velocity += force * Power - 0.0025 * Math.Cos(3 * position);
        if (velocity > MaxSpeed)
            velocity = MaxSpeed;
        if (velocity < -MaxSpeed)
            velocity = -MaxSpeed;
        position += velocity;
        if (position > MaxPosition)
            position = MaxPosition;
        if (position < MinPosition)
            position = MinPosition;
        if (position == MinPosition && velocity < 0)
            velocity = 0;

        var terminated = position >= GoalPosition && velocity >= GoalVelocity;
        // Gymnasium charges the unclipped action.
        var reward = (terminated ? 100.0 : 0.0) - push * push * 0.1;

        state[0] = (float)position;
        state[1] = (float)velocity;
        return new StepOutcome(reward, terminated, false);
    }

    /// <inheritdoc />
    protected override void Observe(ReadOnlySpan<double> state, Span<float> observation)
    {
        observation[0] = (float)state[0];
        observation[1] = (float)state[1];
    }

    /// <summary>Writes <see cref="ClassicControlEnv.State"/>; MountainCarContinuous keeps no other state.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer) => base.WriteState(writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader) => base.ReadState(reader);

    /// <summary>A 600×400 frame: the valley, the car and the goal flag, as Gymnasium draws them.</summary>
    /// <inheritdoc />
    protected override Frame Draw(ReadOnlySpan<double> state) => MountainCarDrawing.Draw(state[0], GoalPosition);
}
