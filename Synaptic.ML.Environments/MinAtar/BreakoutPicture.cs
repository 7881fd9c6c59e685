namespace Synaptic.ML.Environments.MinAtar;

/// <summary>Draws a Breakout state as solid coloured cells, straight into the frame's bytes (nothing to antialias).</summary>
internal static class BreakoutPicture
{
    public const int CellPixels = 16;

    private static readonly (byte R, byte G, byte B) Background = (0, 0, 0);
    private static readonly (byte R, byte G, byte B) PaddleColor = (70, 130, 220);
    private static readonly (byte R, byte G, byte B) BallColor = (245, 245, 245);
    private static readonly (byte R, byte G, byte B) TrailColor = (120, 120, 130);
    private static readonly (byte R, byte G, byte B) BrickColor = (230, 120, 50);

    public static Frame Draw(BreakoutState state)
    {
        const int side = BreakoutState.Size * CellPixels;
        var rgb = new byte[side * side * 3];
        for (var y = 0; y < BreakoutState.Size; y++)
        {
            for (var x = 0; x < BreakoutState.Size; x++)
                Fill(rgb, x, y, ColorOf(state, x, y));
        }
        return new Frame(side, side, rgb);
    }

    // MinAtar's display shows, per cell, the highest channel present: brick over trail over ball over paddle.
    private static (byte R, byte G, byte B) ColorOf(BreakoutState state, int x, int y) =>
        state.HasBrick(x, y) ? BrickColor
        : (x, y) == (state.LastX, state.LastY) ? TrailColor
        : (x, y) == (state.BallX, state.BallY) ? BallColor
        : (x, y) == (state.Paddle, BreakoutState.Size - 1) ? PaddleColor
        : Background;

    private static void Fill(byte[] rgb, int x, int y, (byte R, byte G, byte B) color)
    {
        const int stride = BreakoutState.Size * CellPixels * 3;
        for (var row = y * CellPixels; row < (y + 1) * CellPixels; row++)
        {
            for (var column = x * CellPixels; column < (x + 1) * CellPixels; column++)
            {
                var p = row * stride + column * 3;
                (rgb[p], rgb[p + 1], rgb[p + 2]) = color;
            }
        }
    }
}
