namespace Synaptic.ML.Trainers;

/// <summary>Fixed GridWorld mazes (rows of '#', 'S', 'G', '.') on which the spiking maze agent is tested and measured.</summary>
/// <example>
/// <code>
/// var env = ml.Synaptic().Environments.GridWorld(new GridWorld.Options { Map = MazeMaps.Maze8x8 });
/// </code>
/// </example>
public static class MazeMaps
{
    /// <summary>
    /// An 8×8 maze with 25 walls and 39 free cells, all reachable; the shortest path from the start (top left) to the
    /// goal (bottom right) takes 18 moves and passes four dead ends that branch off it.
    /// </summary>
    public static IReadOnlyList<string> Maze8x8 { get; } =
    [
        "S.#.....",
        ".##.###.",
        "....#...",
        "##.##.#.",
        "...#..#.",
        ".#.#.##.",
        ".#...#..",
        ".#####.G",
    ];
}
