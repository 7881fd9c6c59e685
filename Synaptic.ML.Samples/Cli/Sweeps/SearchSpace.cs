namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// What a sweep searches: the options it varies (<see cref="SearchDimension"/>), walked as a full grid or sampled at
/// random (W&amp;B's and Optuna's random search: each configuration draws every option independently).
/// </summary>
/// <param name="Dimensions">The varied options, in the order given.</param>
public sealed record SearchSpace(IReadOnlyList<SearchDimension> Dimensions)
{
    /// <summary>Reads <c>--grid</c> and <c>--range</c> texts.</summary>
    /// <param name="grid">Texts <c>path=v1,v2</c>.</param>
    /// <param name="ranges">Texts <c>path=low..high[:log]</c>.</param>
    /// <returns>The space.</returns>
    /// <exception cref="ArgumentException">A text does not parse, or a path is varied twice; the message names it.</exception>
    public static SearchSpace Parse(IEnumerable<string> grid, IEnumerable<string> ranges)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(ranges);
        var dimensions = grid.Select(SearchDimension.Choices).Concat(ranges.Select(SearchDimension.Range)).ToList();
        var twice = dimensions.GroupBy(d => d.Path, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new ArgumentException($"'{twice.Key}' is varied twice; give each option one --grid or --range.");
        return new SearchSpace(dimensions);
    }

    /// <summary>Whether any option is a range (which only random search can draw from).</summary>
    public bool HasRanges => Dimensions.Any(d => d.IsRange);

    /// <summary>How many configurations the full grid has.</summary>
    public long GridSize => Dimensions.Aggregate(1L, (n, d) => n * Math.Max(1, d.Values.Count));

    /// <summary>Every combination of the lists, the last option varying fastest.</summary>
    /// <returns>The configurations, numbered from 1.</returns>
    /// <exception cref="ArgumentException">An option is a range.</exception>
    public IReadOnlyList<SweepConfiguration> Grid()
    {
        if (HasRanges)
            throw new ArgumentException($"A grid cannot walk a range ({Dimensions.First(d => d.IsRange)}); add --random N to draw N configurations.");
        IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> combinations = [[]];
        foreach (var dimension in Dimensions)
            combinations = combinations.SelectMany(c => dimension.Values.Select(v => (IReadOnlyList<KeyValuePair<string, string>>)[.. c, new(dimension.Path, v)]));
        return [.. combinations.Select((settings, i) => new SweepConfiguration(i + 1, settings))];
    }

    /// <summary>
    /// <paramref name="count"/> configurations drawn with <paramref name="seed"/>: without repeats from a grid of lists
    /// (all of it when it is smaller), or each option drawn independently when there are ranges.
    /// </summary>
    /// <param name="count">How many.</param>
    /// <param name="seed">The draw's seed.</param>
    /// <returns>The configurations, numbered from 1 in the order drawn.</returns>
    public IReadOnlyList<SweepConfiguration> Sample(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var random = new Random(seed);
        if (!HasRanges)
        {
            var grid = Grid().ToArray();
            random.Shuffle(grid);
            return [.. grid.Take(count).Select((c, i) => c with { Number = i + 1 })];
        }
        return [.. Enumerable.Range(1, count).Select(n => new SweepConfiguration(n, [.. Dimensions.Select(d => new KeyValuePair<string, string>(d.Path, d.Draw(random)))]))];
    }
}
