using System.Numerics;

namespace Synaptic.ML.Environments.MinAtar;

/// <summary>
/// The game of MinAtar's Breakout (Young and Tian 2019) without the environment around it: a state
/// and the rule that advances it, step for step as MinAtar's <c>breakout.Env.act</c>. <see cref="Breakout"/>
/// adds the <see cref="Env"/> contract, seeded starts and sticky actions.
/// </summary>
/// <remarks>
/// <para>
/// Each step moves the paddle (left, right or not at all), then the ball one cell along its
/// diagonal. A ball leaving the screen sideways is put back on the edge column and mirrored
/// horizontally; leaving it at the top, put back on row 0 and mirrored vertically. Otherwise, a ball
/// arriving on a brick breaks it (reward 1), goes back to its previous row and is mirrored
/// vertically, unless the previous step already struck a brick: then it passes through this one
/// (MinAtar's <c>strike</c>). A ball arriving on row 9 first refills an empty wall (rows 1 to 3), then
/// is returned straight up if it came from above the paddle, bounced back the way it came if it lands
/// on the paddle, and is lost otherwise, which ends the game.
/// </para>
/// <para>
/// A terminal game ignores further actions: <see cref="Act"/> returns reward 0 and changes nothing, as MinAtar.
/// </para>
/// </remarks>
public sealed class BreakoutGame
{
    private const int Last = BreakoutState.Size - 1;

    private int _ballX;
    private int _ballY;
    private BreakoutBallDirection _direction;
    private int _paddle;
    private bool _strike;
    private int _lastX;
    private int _lastY;
    private bool _terminal;
    private UInt128 _bricks;

    /// <summary>Creates a game in <paramref name="state"/>.</summary>
    /// <param name="state">Where to start, e.g. <see cref="BreakoutState.Start"/>.</param>
    /// <exception cref="ArgumentException">The state is not on the 10x10 screen (the message says which part).</exception>
    public BreakoutGame(BreakoutState state) => State = state;

    /// <summary>Values per observation: 4 channels of 10×10 cells.</summary>
    public const int ObservationSize = 4 * BreakoutState.Size * BreakoutState.Size;

    /// <summary>The current state; setting it continues the game from the given state.</summary>
    /// <exception cref="ArgumentException">The assigned state is not on the 10x10 screen (the message says which part).</exception>
    public BreakoutState State
    {
        get => new(_ballX, _ballY, _direction, _paddle, _strike, _lastX, _lastY, _terminal, _bricks);
        set
        {
            if (value.Why() is string why)
                throw new ArgumentException($"That Breakout state cannot be played: {why}.", nameof(value));
            (_ballX, _ballY, _direction, _paddle, _strike) = (value.BallX, value.BallY, value.BallDirection, value.Paddle, value.Strike);
            (_lastX, _lastY, _terminal, _bricks) = (value.LastX, value.LastY, value.Terminal, value.Bricks);
        }
    }

    /// <summary>Whether the ball has passed the paddle.</summary>
    public bool Terminal => _terminal;

    /// <summary>
    /// The element of the observation that holds cell (<paramref name="x"/>, <paramref name="y"/>) of
    /// <paramref name="channel"/>: <c>channel · 100 + y · 10 + x</c>. The layout is channel-first
    /// [4, 10, 10] (each channel a row-major 10×10 image), which a convolution reads as a
    /// 4-channel image without transposing; MinAtar's <c>state()</c> is the same data as [10, 10, 4].
    /// </summary>
    /// <param name="channel">The plane.</param>
    /// <param name="y">Row, 0 at the top.</param>
    /// <param name="x">Column, 0 at the left.</param>
    /// <returns>The index into the 400-value observation.</returns>
    public static int ObservationIndex(BreakoutChannel channel, int y, int x) =>
        ((int)channel * BreakoutState.Size + y) * BreakoutState.Size + x;

    /// <summary>Plays one step.</summary>
    /// <param name="action">A full-set action; Breakout reacts only to <see cref="MinAtarAction.Left"/> and <see cref="MinAtarAction.Right"/>.</param>
    /// <returns>The reward: 1 when a brick broke, else 0.</returns>
    public int Act(MinAtarAction action)
    {
        if (_terminal)
            return 0;
        if (action == MinAtarAction.Left)
            _paddle = Math.Max(0, _paddle - 1);
        else if (action == MinAtarAction.Right)
            _paddle = Math.Min(Last, _paddle + 1);

        _lastX = _ballX;
        _lastY = _ballY;
        var rightward = _direction is BreakoutBallDirection.UpRight or BreakoutBallDirection.DownRight;
        var downward = _direction is BreakoutBallDirection.DownRight or BreakoutBallDirection.DownLeft;
        var x = _ballX + (rightward ? 1 : -1);
        var y = _ballY + (downward ? 1 : -1);

        var reward = 0;
        var onBrick = false;
        if (x < 0 || x > Last)
        {
            x = Math.Clamp(x, 0, Last);
            _direction = MirrorHorizontally(_direction);
        }
        // The side wall is handled first, so a ball in a corner is mirrored both ways in one step.
        if (y < 0)
        {
            y = 0;
            _direction = MirrorVertically(_direction);
        }
        else if ((_bricks & BreakoutState.BrickBit(x, y)) != UInt128.Zero)
        {
            onBrick = true;
            if (!_strike)
            {
                reward = 1;
                _strike = true;
                _bricks &= ~BreakoutState.BrickBit(x, y);
                y = _lastY;
                _direction = MirrorVertically(_direction);
            }
        }
        else if (y == Last)
        {
            if (_bricks == UInt128.Zero)
                _bricks = BreakoutState.FullWall;
            if (_lastX == _paddle)
            {
                // Coming down onto the paddle's column from straight above it: sent back up on the same side.
                _direction = MirrorVertically(_direction);
                y = _lastY;
            }
            else if (x == _paddle)
            {
                // Landing on the paddle diagonally: sent back the way it came.
                _direction = Reverse(_direction);
                y = _lastY;
            }
            else
            {
                _terminal = true;
            }
        }
        if (!onBrick)
            _strike = false;

        _ballX = x;
        _ballY = y;
        return reward;
    }

    /// <summary>Writes the observation of the current state: 1 in the cells each channel marks, 0 elsewhere (see <see cref="ObservationIndex"/>).</summary>
    /// <param name="observation">Destination of <see cref="ObservationSize"/> floats.</param>
    /// <exception cref="ArgumentException">The buffer does not hold <see cref="ObservationSize"/> floats.</exception>
    public void WriteObservation(Span<float> observation)
    {
        if (observation.Length != ObservationSize)
            throw new ArgumentException($"The observation buffer has {observation.Length} floats; a Breakout observation has {ObservationSize}.", nameof(observation));
        observation.Clear();
        observation[ObservationIndex(BreakoutChannel.Paddle, Last, _paddle)] = 1f;
        observation[ObservationIndex(BreakoutChannel.Ball, _ballY, _ballX)] = 1f;
        observation[ObservationIndex(BreakoutChannel.Trail, _lastY, _lastX)] = 1f;
        var bricks = observation.Slice(ObservationIndex(BreakoutChannel.Brick, 0, 0), BreakoutState.Size * BreakoutState.Size);
        // Two 64-bit halves: visiting set bits of a ulong is much cheaper than of a UInt128.
        for (var low = (ulong)_bricks; low != 0; low &= low - 1)
            bricks[BitOperations.TrailingZeroCount(low)] = 1f;
        for (var high = (ulong)(_bricks >> 64); high != 0; high &= high - 1)
            bricks[64 + BitOperations.TrailingZeroCount(high)] = 1f;
    }

    private static BreakoutBallDirection MirrorHorizontally(BreakoutBallDirection direction) => (BreakoutBallDirection)((int)direction ^ 1);

    private static BreakoutBallDirection MirrorVertically(BreakoutBallDirection direction) => (BreakoutBallDirection)(3 - (int)direction);

    private static BreakoutBallDirection Reverse(BreakoutBallDirection direction) => (BreakoutBallDirection)(((int)direction + 2) & 3);
}
