namespace Synaptic.ML.Environments.MinAtar;

/// <summary>
/// MinAtar's full action set, shared by all its games: the six actions in MinAtar's order
/// (<c>n, l, u, r, d, f</c>), so that a full-set index means the same here as in MinAtar.
/// </summary>
/// <remarks>A game ignores the actions that mean nothing to it; Breakout uses only <see cref="Left"/> and <see cref="Right"/>.</remarks>
public enum MinAtarAction
{
    /// <summary>Do nothing ('n').</summary>
    NoOp = 0,

    /// <summary>Move left ('l').</summary>
    Left = 1,

    /// <summary>Move up ('u').</summary>
    Up = 2,

    /// <summary>Move right ('r').</summary>
    Right = 3,

    /// <summary>Move down ('d').</summary>
    Down = 4,

    /// <summary>Fire ('f').</summary>
    Fire = 5,
}
