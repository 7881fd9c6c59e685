namespace Synaptic.ML.Environments.MinAtar;

/// <summary>
/// The four 10×10 planes of a <see cref="Breakout"/> observation, in MinAtar's channel order.
/// The observation holds them one after another: element
/// <c>channel · 100 + y · 10 + x</c> (see <see cref="BreakoutGame.ObservationIndex"/>).
/// </summary>
public enum BreakoutChannel
{
    /// <summary>The paddle's cell on the bottom row.</summary>
    Paddle = 0,

    /// <summary>The ball's cell.</summary>
    Ball = 1,

    /// <summary>Where the ball was one step earlier: with <see cref="Ball"/> it shows the direction of travel.</summary>
    Trail = 2,

    /// <summary>The cells that hold a brick.</summary>
    Brick = 3,
}
