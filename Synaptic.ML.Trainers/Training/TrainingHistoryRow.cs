namespace Synaptic.ML.Trainers;

/// <summary>A row of <see cref="TrainingHistory.ToDataView"/>: an episode with the statistics of the update before it.</summary>
public sealed class TrainingHistoryRow
{
    /// <summary>Episode index.</summary>
    public int Episode { get; set; }

    /// <summary>Episode return.</summary>
    public double Return { get; set; }

    /// <summary>Episode length.</summary>
    public int Length { get; set; }

    /// <summary>Environment steps when the episode ended.</summary>
    public long EnvironmentSteps { get; set; }

    /// <summary>Training seconds when the episode ended.</summary>
    public double WallSeconds { get; set; }

    /// <summary>Updates made before the episode ended.</summary>
    public int Update { get; set; }

    /// <summary>Policy loss of the last update (NaN before the first).</summary>
    public double PolicyLoss { get; set; }

    /// <summary>Value loss of the last update.</summary>
    public double ValueLoss { get; set; }

    /// <summary>Entropy of the last update.</summary>
    public double Entropy { get; set; }
}
