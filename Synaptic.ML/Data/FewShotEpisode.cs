namespace Synaptic.ML.Data;

/// <summary>
/// One N-way K-shot few-shot task: a labelled support set of K images for each of N classes, and a query set
/// of Q other images of the same classes to classify. Drawn by <see cref="FewShotEpisodeSampler"/>.
/// </summary>
/// <remarks>
/// Both sets are <see cref="LabeledImages"/> whose labels are the episode's labels 0 to N − 1 ("way" j is
/// <see cref="ClassIds"/>[j] in the source set), with the original class names, so
/// <c>episode.Support.ToDataView(ml)</c> is ready for ML.NET. Images are ordered by way, then by draw:
/// support image i has label i / K, query image i has label i / Q. A support image never appears among the
/// queries. The arrays are the episode's own, filled anew for every episode.
/// </remarks>
public sealed class FewShotEpisode
{
    internal FewShotEpisode(long index, int shots, int queries, int[] classIds, LabeledImages support, LabeledImages query, int[] supportIndices, int[] queryIndices)
    {
        Index = index;
        Shots = shots;
        Queries = queries;
        ClassIds = Array.AsReadOnly(classIds);
        Support = support;
        Query = query;
        SupportIndices = Array.AsReadOnly(supportIndices);
        QueryIndices = Array.AsReadOnly(queryIndices);
    }

    /// <summary>The episode's index in its sampler's sequence; <see cref="FewShotEpisodeSampler.Episode"/> with it draws it again.</summary>
    public long Index { get; }

    /// <summary>N, the number of classes in the episode.</summary>
    public int Ways => ClassIds.Count;

    /// <summary>K, the number of support images per class.</summary>
    public int Shots { get; }

    /// <summary>Q, the number of query images per class.</summary>
    public int Queries { get; }

    /// <summary>The source set's class id of each episode label 0 to N − 1.</summary>
    public IReadOnlyList<int> ClassIds { get; }

    /// <summary>The N × K support images, labelled 0 to N − 1, ordered by label.</summary>
    public LabeledImages Support { get; }

    /// <summary>The N × Q query images, labelled 0 to N − 1, ordered by label.</summary>
    public LabeledImages Query { get; }

    /// <summary>The index in the source set of each support image.</summary>
    public IReadOnlyList<int> SupportIndices { get; }

    /// <summary>The index in the source set of each query image.</summary>
    public IReadOnlyList<int> QueryIndices { get; }
}
