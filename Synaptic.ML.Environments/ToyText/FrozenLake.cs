using System.Text;
using SkiaSharp;

namespace Synaptic.ML.Environments.ToyText;

/// <summary>
/// FrozenLake-v1 (Gymnasium's <c>FrozenLakeEnv</c>): cross a frozen lake from start (<c>S</c>) to goal
/// (<c>G</c>) without falling into any holes (<c>H</c>) by walking over the frozen tiles (<c>F</c>). The
/// lake is slippery unless disabled, so the player may move perpendicular to the intended direction.
/// </summary>
/// <remarks>
/// <para><b>Action space</b>: Discrete(4): 0 move left, 1 move down, 2 move right, 3 move up.</para>
/// <para><b>Observation space</b>: Discrete(rows·columns), the player's position
/// <c>current_row * ncols + current_col</c> (both from 0); e.g. the goal of the 4x4 map is 3·4 + 3 = 15.</para>
/// <para><b>Starting state</b>: the start tile, state 0 in the predefined maps (uniform over the
/// <c>S</c> tiles of a custom map that has several).</para>
/// <para><b>Dynamics</b>: with <c>isSlippery</c> the player moves in the intended direction with
/// probability <c>successRate</c> (1/3 by default) and in either perpendicular direction with
/// probability (1 − successRate)/2 each; moves off the grid leave the player in place.</para>
/// <para><b>Rewards</b> (default schedule): reach goal +1, reach hole 0, reach frozen 0.</para>
/// <para><b>Episode end</b>: terminates when the player moves into a hole or reaches the goal;
/// truncated by the registered time limit after 100 steps (FrozenLake-v1, 4x4, reward threshold 0.70)
/// or 200 steps (FrozenLake8x8-v1, reward threshold 0.85).</para>
/// <para><b>Info</b>: <c>"prob"</c>, the probability of the transition taken (a <see cref="double"/>).</para>
/// <para><b>Version</b>: v1 (reward fixes; success rate and reward schedule options as in Gymnasium 1.x).</para>
/// </remarks>
/// <example>
/// <code>
/// var lake = new FrozenLake("8x8", isSlippery: false);
/// var custom = new FrozenLake(map: ["SFH", "FFF", "HFG"]);
/// var random = new FrozenLake(map: FrozenLakeMaps.GenerateRandom(size: 6, p: 0.8, seed: 1));
/// </code>
/// </example>
public sealed class FrozenLake : DiscreteTransitionEnv
{
    private const int Left = 0, Down = 1, Right = 2, Up = 3;
    private static readonly string[] ActionNames = ["Left", "Down", "Right", "Up"];
    private readonly string[] _map;

    /// <summary>Creates FrozenLake-v1 on a predefined, custom or random map.</summary>
    /// <param name="mapName">"4x4" or "8x8"; ignored when <paramref name="map"/> is given; when both are null a random 8x8 map with 80% frozen tiles is generated, as Gymnasium does.</param>
    /// <param name="isSlippery">Whether moves may slip perpendicular to the intended direction (Gymnasium's default: true).</param>
    /// <param name="map">Custom map: equally long rows of S, F, H, G with at least one S and one G (Gymnasium's <c>desc</c>).</param>
    /// <param name="successRate">Probability of moving in the intended direction when slippery, in [0, 1].</param>
    /// <param name="goalReward">Reward for reaching the goal.</param>
    /// <param name="holeReward">Reward for falling into a hole.</param>
    /// <param name="frozenReward">Reward for reaching a frozen or start tile.</param>
    /// <exception cref="ArgumentException">Unknown map name; a map that is empty or ragged, holds a character other than S, F, H, G, or lacks a start or a goal.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="successRate"/> is outside [0, 1] or a reward is not finite.</exception>
    public FrozenLake(
        string? mapName = "4x4",
        bool isSlippery = true,
        IReadOnlyList<string>? map = null,
        double successRate = 1.0 / 3.0,
        double goalReward = 1,
        double holeReward = 0,
        double frozenReward = 0)
        : this(ResolveMap(mapName, map), IdFor(mapName, map), isSlippery, CheckSuccessRate(successRate), CheckRewards(goalReward, holeReward, frozenReward))
    {
    }

    private FrozenLake(string[] map, string id, bool isSlippery, double successRate, (double Goal, double Hole, double Frozen) rewards)
        : base(id, BuildTransitionTable(map, isSlippery, successRate, rewards), BuildInitialStateDistribution(map))
    {
        _map = map;
        Map = Array.AsReadOnly(map);
        IsSlippery = isSlippery;
        SuccessRate = successRate;
    }

    /// <summary>The rows of the lake (Gymnasium's <c>desc</c>).</summary>
    public IReadOnlyList<string> Map { get; }

    /// <summary>Number of rows, Gymnasium's <c>nrow</c>.</summary>
    public int RowCount => _map.Length;

    /// <summary>Number of columns, Gymnasium's <c>ncol</c>.</summary>
    public int ColumnCount => _map[0].Length;

    /// <summary>Whether moves may slip perpendicular to the intended direction.</summary>
    public bool IsSlippery { get; }

    /// <summary>Probability of moving in the intended direction when slippery.</summary>
    public double SuccessRate { get; }

    /// <summary>The lake as text, Gymnasium's "ansi" rendering without colour codes.</summary>
    /// <returns>
    /// A line with the last action in brackets (empty after a reset), then the rows of the map with the
    /// player's tile in lower case (e.g. <c>s</c> at the start, <c>h</c> in a hole).
    /// </returns>
    public override string RenderText()
    {
        var (row, column) = (State / ColumnCount, State % ColumnCount);
        var text = new StringBuilder(LastAction is int a ? $"  ({ActionNames[a]})\n" : "\n");
        for (var r = 0; r < RowCount; r++)
        {
            if (r == row)
                text.Append(_map[r], 0, column).Append(char.ToLowerInvariant(_map[r][column])).Append(_map[r], column + 1, ColumnCount - column - 1);
            else
                text.Append(_map[r]);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Draws the lake as an RGB frame of Gymnasium's size, min(64·columns, 512) by
    /// min(64·rows, 512) pixels: ice, holes, start and goal as coloured tiles and the player as a red disc.</summary>
    /// <returns>The frame.</returns>
    public override Frame Render()
    {
        var (width, height) = (Math.Min(64 * ColumnCount, 512), Math.Min(64 * RowCount, 512));
        var (cellWidth, cellHeight) = (width / ColumnCount, height / RowCount);
        using var canvas = new TileCanvas(width, height, new SKColor(255, 255, 255));
        for (var r = 0; r < RowCount; r++)
        {
            for (var c = 0; c < ColumnCount; c++)
            {
                var color = _map[r][c] switch
                {
                    'H' => new SKColor(25, 45, 95),
                    'G' => new SKColor(240, 190, 40),
                    'S' => new SKColor(170, 200, 225),
                    _ => new SKColor(205, 235, 255),
                };
                canvas.Fill(c * cellWidth, r * cellHeight, cellWidth, cellHeight, color);
                canvas.Outline(c * cellWidth, r * cellHeight, cellWidth, cellHeight, new SKColor(150, 180, 210), 1);
            }
        }
        var (row, column) = (State / ColumnCount, State % ColumnCount);
        canvas.Disc((column + 0.5f) * cellWidth, (row + 0.5f) * cellHeight, Math.Min(cellWidth, cellHeight) * 0.3f, new SKColor(215, 40, 40));
        return canvas.ToFrame();
    }

    /// <summary>
    /// Writes the position and last action, then the map, slipperiness and success rate, which are
    /// configuration but are checked on loading: a map drawn at random differs between instances.
    /// </summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_map.Length);
        foreach (var row in _map)
            writer.Write(row);
        writer.Write(IsSlippery);
        writer.Write(SuccessRate);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The state was saved on another map, slipperiness or success rate.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var rowCount = reader.ReadInt32();
        if (rowCount != _map.Length)
            throw new InvalidDataException($"The saved state of {Id} is on a map of {rowCount} rows; this {Id}'s map has {_map.Length}. Load into a FrozenLake made with the same map.");
        var rows = new string[rowCount];
        for (var r = 0; r < rows.Length; r++)
            rows[r] = reader.ReadString();
        var isSlippery = reader.ReadBoolean();
        var successRate = reader.ReadDouble();
        if (!rows.AsSpan().SequenceEqual(_map))
            throw new InvalidDataException(
                $"The saved state of {Id} is on map [{string.Join(", ", rows)}]; this {Id} has map [{string.Join(", ", _map)}]. Load into a FrozenLake made with the same map.");
        if (isSlippery != IsSlippery || successRate != SuccessRate)
            throw new InvalidDataException(
                $"The saved state of {Id} has slippery {isSlippery} with success rate {successRate}; this {Id} has {IsSlippery} with {SuccessRate}.");
    }

    private static string IdFor(string? mapName, IReadOnlyList<string>? map) =>
        map is null && mapName == "8x8" ? "FrozenLake8x8-v1" : "FrozenLake-v1";

    private static string[] ResolveMap(string? mapName, IReadOnlyList<string>? map)
    {
        var rows = (map ?? (mapName is null ? FrozenLakeMaps.GenerateRandom() : FrozenLakeMaps.Get(mapName))).ToArray();
        if (rows.Length == 0)
            throw new ArgumentException("The FrozenLake map has no rows.", nameof(map));
        for (var r = 0; r < rows.Length; r++)
        {
            if (string.IsNullOrEmpty(rows[r]))
                throw new ArgumentException($"Row {r} of the FrozenLake map is empty.", nameof(map));
            if (rows[r].Length != rows[0].Length)
                throw new ArgumentException($"Row {r} of the FrozenLake map has {rows[r].Length} tiles; row 0 has {rows[0].Length}. Rows must be equally long.", nameof(map));
            var bad = rows[r].AsSpan().IndexOfAnyExcept("SFHG");
            if (bad >= 0)
                throw new ArgumentException($"Row {r}, column {bad} of the FrozenLake map holds '{rows[r][bad]}'; tiles are S (start), F (frozen), H (hole) and G (goal).", nameof(map));
        }
        if (!rows.Any(row => row.Contains('S')))
            throw new ArgumentException($"The FrozenLake map [{string.Join(", ", rows)}] has no start tile 'S'.", nameof(map));
        if (!rows.Any(row => row.Contains('G')))
            throw new ArgumentException($"The FrozenLake map [{string.Join(", ", rows)}] has no goal tile 'G'.", nameof(map));
        return rows;
    }

    private static double CheckSuccessRate(double successRate)
    {
        if (!(successRate >= 0 && successRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(successRate), successRate, $"FrozenLake's success rate is a probability in [0, 1]; got {successRate}.");
        return successRate;
    }

    private static (double, double, double) CheckRewards(double goal, double hole, double frozen)
    {
        if (!double.IsFinite(goal) || !double.IsFinite(hole) || !double.IsFinite(frozen))
            throw new ArgumentOutOfRangeException(nameof(goal), $"FrozenLake's rewards must be finite; got goal {goal}, hole {hole}, frozen {frozen}.");
        return (goal, hole, frozen);
    }

    private static Transition[][][] BuildTransitionTable(string[] map, bool isSlippery, double successRate, (double Goal, double Hole, double Frozen) rewards)
    {
        var (rows, columns) = (map.Length, map[0].Length);
        var failRate = (1.0 - successRate) / 2.0;
        var table = new Transition[rows * columns][][];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var state = row * columns + column;
                table[state] = new Transition[4][];
                for (var action = 0; action < 4; action++)
                {
                    if (map[row][column] is 'G' or 'H')
                        table[state][action] = [new Transition(1.0, state, 0, true)];
                    else if (isSlippery)
                        table[state][action] = [.. new[] { (action + 3) % 4, action, (action + 1) % 4 }
                            .Select(b => Move(map, row, column, b, b == action ? successRate : failRate, rewards))];
                    else
                        table[state][action] = [Move(map, row, column, action, 1.0, rewards)];
                }
            }
        }
        return table;
    }

    private static Transition Move(string[] map, int row, int column, int direction, double probability, (double Goal, double Hole, double Frozen) rewards)
    {
        switch (direction)
        {
            case Left:
                column = Math.Max(column - 1, 0);
                break;
            case Down:
                row = Math.Min(row + 1, map.Length - 1);
                break;
            case Right:
                column = Math.Min(column + 1, map[0].Length - 1);
                break;
            case Up:
                row = Math.Max(row - 1, 0);
                break;
        }
        var tile = map[row][column];
        var reward = tile switch { 'G' => rewards.Goal, 'H' => rewards.Hole, _ => rewards.Frozen };
        return new Transition(probability, row * map[0].Length + column, reward, tile is 'G' or 'H');
    }

    private static double[] BuildInitialStateDistribution(string[] map)
    {
        var starts = map.Sum(row => row.Count(tile => tile == 'S'));
        return [.. map.SelectMany(row => row).Select(tile => tile == 'S' ? 1.0 / starts : 0.0)];
    }
}
