namespace Synaptic.ML.Environments.Custom;

/// <summary>
/// The road of one <see cref="LaneKeeping"/> episode: its curvature as a function of distance along
/// the centre line, and motion in road (Frenet) coordinates: distance s along the centre line,
/// lateral offset x (positive to the right) and angle φ to the road's tangent (positive to the right).
/// </summary>
/// <remarks>
/// A path straight in the world (the car between steering inputs, a sensor ray) is followed in
/// steps of at most <see cref="IntegrationStep"/>; each step treats the road as an arc of the
/// curvature at the step's middle and maps the step's end point to road coordinates exactly, so
/// on constant-curvature stretches (and straights) the motion has no integration error.
/// </remarks>
/// <param name="phase">The curvature profile.</param>
/// <param name="offset">Shift of the profile along the road (the per-episode variation).</param>
/// <param name="direction">+1, or −1 to mirror the profile (left and right bends swapped).</param>
internal readonly struct LaneKeepingRoad(LaneKeepingRoadProfile phase, double offset, double direction)
{
    /// <summary>Half the road width: the edges are at x = ±4.</summary>
    public const double HalfWidth = 4.0;

    /// <summary>Longest straight step, in road units.</summary>
    public const double IntegrationStep = 0.25;

    /// <summary>The curvature profile.</summary>
    public LaneKeepingRoadProfile Phase => phase;

    /// <summary>Shift of the profile along the road.</summary>
    public double Offset => offset;

    /// <summary>+1, or −1 for the mirrored profile.</summary>
    public double Direction => direction;

    /// <summary>Range of the random offset drawn per episode for <paramref name="p"/>: one period of its profile.</summary>
    public static double OffsetRange(LaneKeepingRoadProfile p) => p switch
    {
        LaneKeepingRoadProfile.GentleCurves => 80,
        LaneKeepingRoadProfile.SharpTurns => 64,
        LaneKeepingRoadProfile.ComplexTrack => 1610,
        _ => 0,
    };

    /// <summary>Curvature (1 / radius, positive bending right) at distance <paramref name="s"/> along the centre line.</summary>
    public double Curvature(double s) => direction * BaseCurvature(phase, s + offset);

    /// <summary>Moves a straight path <paramref name="length"/> units through road coordinates.</summary>
    public void Advance(ref double s, ref double x, ref double angle, double length)
    {
        var remaining = length;
        while (remaining > 0)
        {
            var h = Math.Min(IntegrationStep, remaining);
            Step(ref s, ref x, ref angle, h);
            remaining -= h;
        }
    }

    /// <summary>Distance along a ray from (s, x) at <paramref name="angle"/> to the first road edge, capped at <paramref name="range"/>.</summary>
    public double Sense(double s, double x, double angle, double range)
    {
        if (Math.Abs(x) >= HalfWidth)
            return 0;
        var travelled = 0.0;
        while (travelled < range)
        {
            var h = Math.Min(IntegrationStep, range - travelled);
            double s1 = s, x1 = x, angle1 = angle;
            Step(ref s1, ref x1, ref angle1, h);
            if (Math.Abs(x1) >= HalfWidth)
            {
                // Bisection places the crossing within the step to about 1e-8 units.
                double inside = 0, outside = h;
                for (var i = 0; i < 25; i++)
                {
                    var middle = (inside + outside) / 2;
                    double s2 = s, x2 = x, angle2 = angle;
                    Step(ref s2, ref x2, ref angle2, middle);
                    if (Math.Abs(x2) >= HalfWidth)
                        outside = middle;
                    else
                        inside = middle;
                }
                return Math.Min(range, travelled + (inside + outside) / 2);
            }
            (s, x, angle) = (s1, x1, angle1);
            travelled += h;
        }
        return range;
    }

    // One straight step of length h over a road arc of curvature κ. In the road's local frame at s
    // (u along the tangent, v to the right) the step ends at (u, v) = (h·cos φ, x + h·sin φ); that
    // point's distance from the arc's centre gives the new x, its bearing the arc angle β travelled.
    // Both are written without 1/κ so that they stay exact as κ → 0 (x = v, Δs = u on a straight).
    private void Step(ref double s, ref double x, ref double angle, double h)
    {
        double u = h * Math.Cos(angle), v = x + h * Math.Sin(angle);
        var kappa = Curvature(s + u / 2);
        var q = Math.Sqrt(kappa * u * kappa * u + (1 - kappa * v) * (1 - kappa * v));
        x = (2 * v - kappa * (u * u + v * v)) / (1 + q);
        var beta = Math.Atan2(kappa * u, 1 - kappa * v);
        s += kappa == 0 ? u : beta / kappa;
        angle -= beta;
    }

    private static double BaseCurvature(LaneKeepingRoadProfile p, double u) => p switch
    {
        LaneKeepingRoadProfile.GentleCurves => Math.Sin(2 * Math.PI * u / 80) / 40,
        LaneKeepingRoadProfile.SharpTurns => Within(u, 64) switch
        {
            < 16 => 0,
            < 32 => 0.1,
            < 48 => 0,
            _ => -0.1,
        },
        LaneKeepingRoadProfile.ComplexTrack => 0.035 * Math.Sin(2 * Math.PI * u / 70)
            + 0.025 * Math.Sin(2 * Math.PI * u / 23 + 1.3)
            + Within(u, 90) switch
            {
                >= 30 and < 42 => 0.05,
                >= 66 and < 76 => -0.05,
                _ => 0,
            },
        _ => 0,
    };

    private static double Within(double u, double period) => u - period * Math.Floor(u / period);
}
