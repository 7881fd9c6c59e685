using System.Globalization;

namespace Synaptic.ML.Samples.Cli;

/// <summary>The seeds of <c>--seeds</c>: <c>1,2,3</c>, <c>1..5</c>, or several tokens of either.</summary>
public static class SeedList
{
    /// <summary>Reads the seeds.</summary>
    /// <param name="tokens">The texts after <c>--seeds</c>; none gives 1, 2, 3.</param>
    /// <returns>The seeds, each once, in the order given.</returns>
    /// <exception cref="ArgumentException">A text is not a seed or a range of seeds; the message names it.</exception>
    public static IReadOnlyList<int> Parse(IEnumerable<string>? tokens)
    {
        var seeds = new List<int>();
        foreach (var part in (tokens ?? []).SelectMany(t => t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var ends = part.Split("..");
            if (ends.Length == 1 && int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
                seeds.Add(seed);
            else if (ends.Length == 2 && int.TryParse(ends[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var first)
                && int.TryParse(ends[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var last) && first <= last && last - first < 10_000)
                seeds.AddRange(Enumerable.Range(first, last - first + 1));
            else
                throw new ArgumentException($"--seeds: '{part}' is not a seed or a range of seeds (write 1,2,3 or 1..5).");
        }
        return seeds.Count == 0 ? [1, 2, 3] : [.. seeds.Distinct()];
    }
}
