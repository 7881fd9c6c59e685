namespace Synaptic.ML.Environments.Custom;

/// <summary>The road profiles of <see cref="LaneKeeping"/>, from easiest to hardest, for curriculum learning.</summary>
public enum LaneKeepingRoadProfile
{
    /// <summary>A straight road (curvature 0).</summary>
    Straight,

    /// <summary>Smooth S-bends: curvature (1/40)·sin(2π·s/80), radius at least 40.</summary>
    GentleCurves,

    /// <summary>Straights of 16 units alternating with 16-unit turns of radius 10 (about 92°), right then left.</summary>
    SharpTurns,

    /// <summary>Two superposed sinusoids (periods 70 and 23) plus short hairpin-like pulses: curvature up to 0.11.</summary>
    ComplexTrack,
}
