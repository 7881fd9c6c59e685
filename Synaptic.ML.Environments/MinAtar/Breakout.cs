namespace Synaptic.ML.Environments.MinAtar;

/// <summary>
/// MinAtar's Breakout (Young and Tian 2019, kenjyoung/MinAtar), registered as MinAtar's Gymnasium
/// ids: <c>MinAtar/Breakout-v0</c> (all six actions) and <c>MinAtar/Breakout-v1</c> (the three that
/// matter). A paddle on the bottom row bounces a ball that breaks three rows of bricks; the rules are
/// <see cref="BreakoutGame"/>'s.
/// </summary>
/// <remarks>
/// <para><b>Action</b>: Discrete(6), MinAtar's full set in its order (<see cref="MinAtarAction"/>: no-op,
/// left, up, right, down, fire; only left and right move the paddle), or with <c>minimalActions</c>
/// Discrete(3): 0 no-op, 1 left, 2 right (full actions 0, 1, 3; see <see cref="ActionSet"/>).</para>
/// <para><b>Observation</b>: Box(0, 1, (4, 10, 10)) of 0/1 floats, channel-first: element
/// <c>c · 100 + y · 10 + x</c> is cell (x, y) of channel c = paddle, ball, trail, brick
/// (<see cref="BreakoutChannel"/>; y = row from the top). MinAtar's <c>state()</c> holds the same
/// cells as [10, 10, 4]; a convolutional network reads this layout as a 4-channel 10×10 image.</para>
/// <para><b>Reward</b>: 1 for each brick broken, else 0.</para>
/// <para><b>Starting state</b>: paddle in column 4, bricks on rows 1–3, the ball on row 3 either at
/// column 0 moving down-right or at column 9 moving down-left, the side drawn from the seeded generator.
/// A cleared wall is refilled when the ball next reaches the bottom row.</para>
/// <para><b>Sticky actions</b>: at each step, with probability <see cref="StickyActionProbability"/>
/// (default 0.1, MinAtar's) the previous step's action is applied instead of the given one; the draw
/// comes from the seeded generator, so a seed fixes the whole episode. Each episode starts with no-op
/// as the previous action (MinAtar carries it over from the previous episode; here an episode depends
/// only on its seed and actions). <see cref="LastAction"/> says which action was applied.</para>
/// <para><b>Episode end</b>: terminated when the ball passes the paddle. Like MinAtar's Gymnasium
/// registration, the registry adds no time limit, so a policy that never misses plays on forever; the
/// catalog method takes an optional limit.</para>
/// <para><b>Version</b>: v0 and v1 are MinAtar's ids (action sets, not revisions), the rules of MinAtar at commit 4241f24.</para>
/// </remarks>
public sealed class Breakout : Env
{
    /// <summary>The id with the full action set.</summary>
    public const string FullActionsId = "MinAtar/Breakout-v0";

    /// <summary>The id with the minimal action set.</summary>
    public const string MinimalActionsId = "MinAtar/Breakout-v1";

    /// <summary>MinAtar's default probability of repeating the previous action.</summary>
    public const double DefaultStickyActionProbability = 0.1;

    private static readonly MinAtarAction[] FullSet =
        [MinAtarAction.NoOp, MinAtarAction.Left, MinAtarAction.Up, MinAtarAction.Right, MinAtarAction.Down, MinAtarAction.Fire];

    private static readonly MinAtarAction[] MinimalSet = [MinAtarAction.NoOp, MinAtarAction.Left, MinAtarAction.Right];

    private readonly MinAtarAction[] _actionSet;
    private readonly BreakoutGame _game = new(BreakoutState.Start(fromRight: false));
    private MinAtarAction _lastAction;

    /// <summary>Creates Breakout.</summary>
    /// <param name="minimalActions">Use the 3 actions that matter (<c>MinAtar/Breakout-v1</c>) instead of all 6 (<c>MinAtar/Breakout-v0</c>).</param>
    /// <param name="stickyActionProbability">Probability in [0, 1] that a step applies the previous action instead of the given one; 0 turns sticky actions off.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stickyActionProbability"/> is not in [0, 1].</exception>
    public Breakout(bool minimalActions = false, double stickyActionProbability = DefaultStickyActionProbability)
        : base(minimalActions ? MinimalActionsId : FullActionsId)
    {
        if (!(stickyActionProbability >= 0 && stickyActionProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(stickyActionProbability), stickyActionProbability,
                $"The sticky action probability of {Id} is {stickyActionProbability}; it must be a probability in [0, 1].");
        StickyActionProbability = stickyActionProbability;
        _actionSet = minimalActions ? MinimalSet : FullSet;
        ActionSpace = new DiscreteSpace(_actionSet.Length);
    }

    /// <inheritdoc />
    public override Space ObservationSpace { get; } =
        new BoxSpace(new float[BreakoutGame.ObservationSize], Enumerable.Repeat(1f, BreakoutGame.ObservationSize).ToArray(), [4, BreakoutState.Size, BreakoutState.Size]);

    /// <inheritdoc />
    public override Space ActionSpace { get; }

    /// <summary>The full-set action each index of <see cref="Env.ActionSpace"/> stands for.</summary>
    public IReadOnlyList<MinAtarAction> ActionSet => _actionSet;

    /// <summary>Whether the action space is the minimal set (no-op, left, right).</summary>
    public bool MinimalActions => _actionSet.Length == MinimalSet.Length;

    /// <summary>Probability that a step repeats the previous action.</summary>
    public double StickyActionProbability { get; }

    /// <summary>The full-set action the last step applied (after sticky actions); no-op after a reset.</summary>
    public MinAtarAction LastAction => _lastAction;

    /// <summary>
    /// The game's state; setting it continues the running episode from the given state (e.g. one
    /// recorded from MinAtar). Set it after <c>Reset</c>: a reset draws a new start.
    /// </summary>
    /// <exception cref="ArgumentException">The assigned state is not on the 10x10 screen.</exception>
    public BreakoutState State
    {
        get => _game.State;
        set => _game.State = value;
    }

    /// <summary>Writes the observation of the current <see cref="State"/>, as the steps do.</summary>
    /// <param name="observation">Destination of 400 floats.</param>
    /// <exception cref="ArgumentException">The buffer does not hold 400 floats.</exception>
    public void WriteObservation(Span<float> observation) => _game.WriteObservation(observation);

    /// <summary>
    /// A 160×160 picture, 16 pixels per cell on black: bricks orange, the trail grey, the ball white,
    /// the paddle blue. Where channels overlap the later one in <see cref="BreakoutChannel"/> order shows,
    /// as in MinAtar's display.
    /// </summary>
    /// <returns>The frame.</returns>
    public override Frame Render() => BreakoutPicture.Draw(_game.State);

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        _game.State = BreakoutState.Start(fromRight: Random.NextInt(2) == 1);
        _lastAction = MinAtarAction.NoOp;
        _game.WriteObservation(observation);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var chosen = _actionSet[(int)action[0]];
        // One draw per step whatever the probability, as MinAtar, so the stream does not depend on it.
        if (Random.NextDouble() < StickyActionProbability)
            chosen = _lastAction;
        _lastAction = chosen;
        var reward = _game.Act(chosen);
        _game.WriteObservation(observation);
        return new StepOutcome(reward, _game.Terminal, false);
    }

    /// <summary>Writes the game's state and the last applied action (what a sticky step repeats).</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        var state = _game.State;
        writer.Write(state.BallX);
        writer.Write(state.BallY);
        writer.Write((int)state.BallDirection);
        writer.Write(state.Paddle);
        writer.Write(state.Strike);
        writer.Write(state.LastX);
        writer.Write(state.LastY);
        writer.Write(state.Terminal);
        writer.Write((ulong)(state.Bricks >> 64));
        writer.Write((ulong)state.Bricks);
        writer.Write((int)_lastAction);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The saved game is off the screen or the saved action is not a MinAtar action.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var state = new BreakoutState(
            BallX: reader.ReadInt32(),
            BallY: reader.ReadInt32(),
            BallDirection: (BreakoutBallDirection)reader.ReadInt32(),
            Paddle: reader.ReadInt32(),
            Strike: reader.ReadBoolean(),
            LastX: reader.ReadInt32(),
            LastY: reader.ReadInt32(),
            Terminal: reader.ReadBoolean(),
            Bricks: new UInt128(reader.ReadUInt64(), reader.ReadUInt64()));
        var lastAction = (MinAtarAction)reader.ReadInt32();
        if (state.Why() is string why)
            throw new InvalidDataException($"The saved state of {Id} cannot be played: {why}.");
        if (!Enum.IsDefined(lastAction))
            throw new InvalidDataException($"The saved state of {Id} has last action {(int)lastAction}; MinAtar's actions are 0..5.");
        _game.State = state;
        _lastAction = lastAction;
    }
}
