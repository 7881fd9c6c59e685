using Synaptic.ML.Randomness;

namespace Synaptic.ML.Environments.ToyText;

/// <summary>
/// Maps for <see cref="FrozenLake"/>: Gymnasium's predefined "4x4" and "8x8" lakes and its
/// <c>generate_random_map</c>. A map is a list of equally long rows of tiles: <c>S</c> start,
/// <c>F</c> frozen, <c>H</c> hole, <c>G</c> goal.
/// </summary>
public static class FrozenLakeMaps
{
    private static readonly Dictionary<string, IReadOnlyList<string>> NamedMaps = new(StringComparer.Ordinal)
    {
        ["4x4"] = Array.AsReadOnly(new[] { "SFFF", "FHFH", "FFFH", "HFFG" }),
        ["8x8"] = Array.AsReadOnly(new[]
        {
            "SFFFFFFF",
            "FFFFFFFF",
            "FFFHFFFF",
            "FFFFFHFF",
            "FFFHFFFF",
            "FHHFFFHF",
            "FHFFHFHF",
            "FFFHFFFG",
        }),
    };

    /// <summary>The predefined maps by name ("4x4", "8x8"), Gymnasium's <c>MAPS</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Named => NamedMaps;

    /// <summary>The predefined map called <paramref name="name"/>.</summary>
    /// <param name="name">"4x4" or "8x8".</param>
    /// <returns>Its rows.</returns>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static IReadOnlyList<string> Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NamedMaps.TryGetValue(name, out var map)
            ? map
            : throw new ArgumentException($"FrozenLake has no map named '{name}'. Known maps: {string.Join(", ", NamedMaps.Keys)}.", nameof(name));
    }

    /// <summary>
    /// A random <paramref name="size"/>×<paramref name="size"/> map with <c>S</c> at the top left,
    /// <c>G</c> at the bottom right and every other tile frozen with probability <paramref name="p"/>
    /// (else a hole), redrawn until a path of non-hole tiles joins start and goal, as Gymnasium's
    /// <c>generate_random_map</c>. The same seed gives the same map here, but not numpy's map.
    /// </summary>
    /// <param name="size">Side length, at least 2.</param>
    /// <param name="p">Probability that a tile is frozen, in (0, 1].</param>
    /// <param name="seed">Seed for a reproducible map; null draws one at random.</param>
    /// <returns>The rows of a valid map.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> or <paramref name="p"/> is out of range.</exception>
    public static IReadOnlyList<string> GenerateRandom(int size = 8, double p = 0.8, int? seed = null)
    {
        if (size < 2)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A random FrozenLake map needs a size of at least 2 to hold both start and goal; got {size}.");
        if (!(p > 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"The probability of a frozen tile must lie in (0, 1]; got {p}.");
        var random = SplitMix64.ForStream((ulong)(uint)(seed ?? System.Random.Shared.Next()), 0xF402E1A4E);
        var board = new char[size][];
        while (true)
        {
            for (var r = 0; r < size; r++)
            {
                board[r] = new char[size];
                for (var c = 0; c < size; c++)
                    board[r][c] = random.NextDouble() < p ? 'F' : 'H';
            }
            board[0][0] = 'S';
            board[size - 1][size - 1] = 'G';
            var rows = board.Select(row => new string(row)).ToArray();
            if (HasPath(rows))
                return Array.AsReadOnly(rows);
        }
    }

    /// <summary>Whether a goal can be reached from a start by moving up, down, left and right without entering a hole.</summary>
    /// <param name="map">Rectangular rows of S, F, H, G tiles.</param>
    /// <returns>True when some <c>G</c> is reachable from some <c>S</c>.</returns>
    /// <exception cref="ArgumentException">The rows differ in length.</exception>
    public static bool HasPath(IReadOnlyList<string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var rows = map.Count;
        var columns = rows == 0 ? 0 : map[0].Length;
        for (var r = 0; r < rows; r++)
        {
            if (map[r] is null || map[r].Length != columns)
                throw new ArgumentException($"Row {r} of the FrozenLake map has {map[r]?.Length ?? 0} tiles; row 0 has {columns}.", nameof(map));
        }
        var seen = new bool[rows, columns];
        var frontier = new Stack<(int Row, int Column)>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (map[r][c] == 'S')
                {
                    seen[r, c] = true;
                    frontier.Push((r, c));
                }
            }
        }
        ReadOnlySpan<(int, int)> moves = [(1, 0), (0, 1), (-1, 0), (0, -1)];
        while (frontier.TryPop(out var cell))
        {
            if (map[cell.Row][cell.Column] == 'G')
                return true;
            foreach (var (dr, dc) in moves)
            {
                var (r, c) = (cell.Row + dr, cell.Column + dc);
                if (r < 0 || r >= rows || c < 0 || c >= columns || seen[r, c] || map[r][c] == 'H')
                    continue;
                seen[r, c] = true;
                frontier.Push((r, c));
            }
        }
        return false;
    }
}
