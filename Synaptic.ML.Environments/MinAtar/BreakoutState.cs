namespace Synaptic.ML.Environments.MinAtar;

/// <summary>
/// Everything that decides the future of a game of <see cref="BreakoutGame"/>: MinAtar's
/// <c>ball_x, ball_y, ball_dir, pos, strike, last_x, last_y, terminal</c> and <c>brick_map</c>.
/// Coordinates are columns x and rows y in 0..9, row 0 at the top and the paddle on row 9.
/// </summary>
/// <param name="BallX">The ball's column.</param>
/// <param name="BallY">The ball's row.</param>
/// <param name="BallDirection">The diagonal the ball moves along at the next step.</param>
/// <param name="Paddle">The paddle's column on row 9.</param>
/// <param name="Strike">Whether the last step broke a brick or ended on one: the ball then passes through the next brick it meets instead of breaking it.</param>
/// <param name="LastX">The ball's column before the last step (the trail).</param>
/// <param name="LastY">The ball's row before the last step (the trail).</param>
/// <param name="Terminal">Whether the ball has passed the paddle; a terminal game never changes again.</param>
/// <param name="Bricks">The brick wall, one bit per cell: bit <c>y · 10 + x</c> is set when cell (x, y) holds a brick (see <see cref="BrickBit"/>).</param>
public readonly record struct BreakoutState(
    int BallX,
    int BallY,
    BreakoutBallDirection BallDirection,
    int Paddle,
    bool Strike,
    int LastX,
    int LastY,
    bool Terminal,
    UInt128 Bricks)
{
    /// <summary>Cells per side of the square screen.</summary>
    public const int Size = 10;

    /// <summary>The wall a game starts with and gets back when it has been cleared: rows 1 to 3 full.</summary>
    public static UInt128 FullWall { get; } = ((UInt128.One << (3 * Size)) - 1) << Size;

    /// <summary>The bit of <see cref="Bricks"/> that stands for cell (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <param name="x">Column, 0..9.</param>
    /// <param name="y">Row, 0..9.</param>
    /// <returns>A mask with that one bit set.</returns>
    public static UInt128 BrickBit(int x, int y) => UInt128.One << (y * Size + x);

    /// <summary>
    /// The state MinAtar's <c>reset</c> gives: paddle in column 4, full wall, the ball on row 3 at the
    /// left edge moving down-right or at the right edge moving down-left, its trail on itself.
    /// </summary>
    /// <param name="fromRight">Start at column 9 moving down-left instead of column 0 moving down-right.</param>
    /// <returns>The start state.</returns>
    public static BreakoutState Start(bool fromRight) => fromRight
        ? new BreakoutState(9, 3, BreakoutBallDirection.DownLeft, 4, false, 9, 3, false, FullWall)
        : new BreakoutState(0, 3, BreakoutBallDirection.DownRight, 4, false, 0, 3, false, FullWall);

    /// <summary>Whether cell (<paramref name="x"/>, <paramref name="y"/>) holds a brick.</summary>
    /// <param name="x">Column, 0..9.</param>
    /// <param name="y">Row, 0..9.</param>
    /// <returns>True for a brick.</returns>
    public bool HasBrick(int x, int y) => (Bricks & BrickBit(x, y)) != UInt128.Zero;

    /// <summary>Says what makes this state impossible to play from, or null when it is valid.</summary>
    internal string? Why()
    {
        if (!InScreen(BallX) || !InScreen(BallY))
            return $"the ball is at ({BallX}, {BallY}), outside the 10x10 screen";
        if (!InScreen(LastX) || !InScreen(LastY))
            return $"the trail is at ({LastX}, {LastY}), outside the 10x10 screen";
        if (!InScreen(Paddle))
            return $"the paddle is in column {Paddle}, not in 0..9";
        if (!Enum.IsDefined(BallDirection))
            return $"the ball direction is {(int)BallDirection}, not one of {string.Join(", ", Enum.GetNames<BreakoutBallDirection>())}";
        if (Bricks >> (Size * Size) != UInt128.Zero)
            return "the brick mask has bits set beyond cell 99";
        return null;
    }

    private static bool InScreen(int coordinate) => (uint)coordinate < Size;
}
