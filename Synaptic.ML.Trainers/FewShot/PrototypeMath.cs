namespace Synaptic.ML.Trainers;

/// <summary>Prototypes and distances on the CPU, for classifiers built from a fixed support set.</summary>
internal static class PrototypeMath
{
    /// <summary>Mean embedding of each class, [classes·D].</summary>
    public static float[] Means(ReadOnlySpan<float> embeddings, IReadOnlyList<int> labels, int classes, int d)
    {
        var sums = new double[classes * d];
        var counts = new int[classes];
        for (var i = 0; i < labels.Count; i++)
        {
            var c = labels[i];
            counts[c]++;
            for (var j = 0; j < d; j++)
                sums[c * d + j] += embeddings[i * d + j];
        }
        var means = new float[classes * d];
        for (var c = 0; c < classes; c++)
        {
            for (var j = 0; j < d; j++)
                means[c * d + j] = (float)(sums[c * d + j] / counts[c]);
        }
        return means;
    }

    /// <summary>
    /// Writes softmax(−‖x − pₖ‖²) into <paramref name="scores"/> and returns the first class with the highest score: the
    /// nearest prototype, except where two distances differ by less than the scores' float precision, when the first of
    /// the equal scores is taken, as ML.NET's multiclass evaluator counts it (PredictedLabel always agrees with Score).
    /// </summary>
    public static int Scores(ReadOnlySpan<float> embedding, ReadOnlySpan<float> prototypes, Span<float> scores)
    {
        var d = embedding.Length;
        Span<double> logits = stackalloc double[scores.Length];
        var best = 0;
        for (var k = 0; k < scores.Length; k++)
        {
            var distance = 0.0;
            var prototype = prototypes.Slice(k * d, d);
            for (var j = 0; j < d; j++)
            {
                var difference = (double)embedding[j] - prototype[j];
                distance += difference * difference;
            }
            logits[k] = -distance;
            if (logits[k] > logits[best])
                best = k;
        }
        var sum = 0.0;
        for (var k = 0; k < scores.Length; k++)
            sum += Math.Exp(logits[k] - logits[best]);
        for (var k = 0; k < scores.Length; k++)
            scores[k] = (float)(Math.Exp(logits[k] - logits[best]) / sum);
        var first = 0;
        for (var k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[first])
                first = k;
        }
        return first;
    }
}
