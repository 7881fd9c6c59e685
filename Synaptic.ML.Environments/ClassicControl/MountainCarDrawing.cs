using SkiaSharp;

namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>The 600×400 picture both mountain-car environments render: the valley, the car and the goal flag.</summary>
internal static class MountainCarDrawing
{
    private const int Width = 600;
    private const int Height = 400;
    private const double MinPosition = -1.2;
    private const double MaxPosition = 0.6;

    /// <summary>Height of the hill at <paramref name="position"/>, in world units.</summary>
    public static double HillHeight(double position) => Math.Sin(3 * position) * 0.45 + 0.55;

    public static Frame Draw(double position, double goalPosition)
    {
        const double scale = Width / (MaxPosition - MinPosition);
        const double carWidth = 40, carHeight = 20, clearance = 10;

        using var canvas = new FrameCanvas(Width, Height);
        Span<(double X, double Y)> hill = stackalloc (double, double)[100];
        for (var i = 0; i < hill.Length; i++)
        {
            var x = MinPosition + (MaxPosition - MinPosition) * i / (hill.Length - 1);
            hill[i] = ((x - MinPosition) * scale, HillHeight(x) * scale);
        }
        canvas.Polyline(hill, SKColors.Black);

        // The car is tilted by cos(3·position) radians, Gymnasium's stand-in for the slope.
        var tilt = Math.Cos(3 * position);
        var carX = (position - MinPosition) * scale;
        var carY = clearance + HillHeight(position) * scale;
        canvas.RotatedRectangle(-carWidth / 2, carWidth / 2, carHeight, 0, tilt, carX, carY, SKColors.Black);
        foreach (var wheelX in (ReadOnlySpan<double>)[carWidth / 4, -carWidth / 4])
        {
            canvas.Circle((int)(wheelX * Math.Cos(tilt) + carX), (int)(wheelX * Math.Sin(tilt) + carY),
                (int)(carHeight / 2.5), new SKColor(128, 128, 128));
        }

        var flagX = (int)((goalPosition - MinPosition) * scale);
        var flagY1 = (int)(HillHeight(goalPosition) * scale);
        var flagY2 = flagY1 + 50;
        canvas.Line(flagX, flagY1, flagX, flagY2, SKColors.Black);
        canvas.Polygon([(flagX, flagY2), (flagX, flagY2 - 10), (flagX + 25, flagY2 - 5)], new SKColor(204, 204, 0));
        return canvas.ToFrame();
    }
}
