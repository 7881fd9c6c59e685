namespace Synaptic.ML.Trainers;

/// <summary>What <see cref="RecurrentStateAnalysis.Write"/> measured and wrote.</summary>
public sealed class RecurrentAnalysisReport
{
    /// <summary>PCA of the hidden states of all steps of all episodes.</summary>
    public required PrincipalComponents Hidden { get; init; }

    /// <summary>PCA of the flattened memory trace M of all steps; null when the episodes carry no trace.</summary>
    public PrincipalComponents? Trace { get; init; }

    /// <summary>Participation ratio of the hidden states (see <see cref="PrincipalComponents.ParticipationRatio"/>).</summary>
    public double HiddenParticipationRatio => Hidden.ParticipationRatio;

    /// <summary>Share of the hidden states' total variance along each fitted component.</summary>
    public IReadOnlyList<double> HiddenExplainedVarianceRatios => Hidden.ExplainedVarianceRatio;

    /// <summary>Participation ratio of the trace; null without a trace.</summary>
    public double? TraceParticipationRatio => Trace?.ParticipationRatio;

    /// <summary>Share of the trace's total variance along each fitted component; null without a trace.</summary>
    public IReadOnlyList<double>? TraceExplainedVarianceRatios => Trace?.ExplainedVarianceRatio;

    /// <summary>The episode drawn in the heatmap and the GIF.</summary>
    public int RenderedEpisode { get; init; }

    /// <summary>
    /// The colour scale of M in the heatmap and the GIF, ±this value (the largest |M| entry of the rendered episode);
    /// null without a trace.
    /// </summary>
    public double? TraceColourLimit { get; init; }

    /// <summary>Full paths of the files written, in the order written.</summary>
    public required IReadOnlyList<string> Files { get; init; }
}
