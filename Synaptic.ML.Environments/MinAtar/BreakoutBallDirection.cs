namespace Synaptic.ML.Environments.MinAtar;

/// <summary>
/// The diagonal along which Breakout's ball moves one cell per step, numbered as MinAtar's
/// <c>ball_dir</c>. Up means towards row 0, the top of the screen.
/// </summary>
public enum BreakoutBallDirection
{
    /// <summary>Up and to the left (x − 1, y − 1).</summary>
    UpLeft = 0,

    /// <summary>Up and to the right (x + 1, y − 1).</summary>
    UpRight = 1,

    /// <summary>Down and to the right (x + 1, y + 1).</summary>
    DownRight = 2,

    /// <summary>Down and to the left (x − 1, y + 1).</summary>
    DownLeft = 3,
}
