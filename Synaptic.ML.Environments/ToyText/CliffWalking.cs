using System.Text;
using SkiaSharp;

namespace Synaptic.ML.Environments.ToyText;

/// <summary>
/// CliffWalking-v1 (Gymnasium's <c>CliffWalkingEnv</c>; Sutton and Barto, Example 6.6): cross a 4x12
/// gridworld from start to goal while avoiding falling off a cliff. The player starts at [3, 0], the
/// goal is at [3, 11] and the cliff runs along [3, 1..10]; stepping into the cliff returns the player
/// to the start.
/// </summary>
/// <remarks>
/// <para><b>Action space</b>: Discrete(4): 0 move up, 1 move right, 2 move down, 3 move left.</para>
/// <para><b>Observation space</b>: Discrete(48), the position <c>current_row * ncols + current_col</c>
/// (both from 0); e.g. the start is 3·12 + 0 = 36. The player is never observed on the cliff, nor at
/// the goal except on the final step.</para>
/// <para><b>Starting state</b>: state 36 (location [3, 0]).</para>
/// <para><b>Reward</b>: −1 per time step, unless the player stepped into the cliff, which incurs −100
/// (and sends the player back to the start without ending the episode).</para>
/// <para><b>Episode end</b>: terminates when the player enters state 47 (location [3, 11]). Gymnasium
/// registers no time limit for CliffWalking-v1, so episodes are not truncated.</para>
/// <para><b>Slippery variant</b>: with <c>isSlippery</c> (CliffWalkingSlippery-v1) the player moves in
/// the intended direction or either perpendicular direction with probability 1/3 each.</para>
/// <para><b>Info</b>: <c>"prob"</c>, the probability of the transition taken (a <see cref="double"/>).</para>
/// <para><b>Version</b>: v1 (adds the slippery option to v0).</para>
/// </remarks>
public sealed class CliffWalking : DiscreteTransitionEnv
{
    /// <summary>Grid rows.</summary>
    public const int Rows = 4;

    /// <summary>Grid columns.</summary>
    public const int Columns = 12;

    /// <summary>The start state, [3, 0].</summary>
    public const int StartState = (Rows - 1) * Columns;

    /// <summary>The goal state, [3, 11].</summary>
    public const int GoalState = Rows * Columns - 1;

    // Row and column change of up, right, down, left.
    private static readonly (int Row, int Column)[] Moves = [(-1, 0), (0, 1), (1, 0), (0, -1)];

    /// <summary>Creates CliffWalking-v1, or CliffWalkingSlippery-v1 when <paramref name="isSlippery"/>.</summary>
    /// <param name="isSlippery">Whether the player may slip perpendicular to the intended direction (Gymnasium's default: false).</param>
    public CliffWalking(bool isSlippery = false)
        : base(isSlippery ? "CliffWalkingSlippery-v1" : "CliffWalking-v1", BuildTransitionTable(isSlippery), BuildInitialStateDistribution())
    {
        IsSlippery = isSlippery;
    }

    /// <summary>Whether the player may slip perpendicular to the intended direction.</summary>
    public bool IsSlippery { get; }

    /// <summary>Whether [<paramref name="row"/>, <paramref name="column"/>] is a cliff cell.</summary>
    /// <param name="row">Row 0–3.</param>
    /// <param name="column">Column 0–11.</param>
    /// <returns>True on [3, 1..10].</returns>
    public static bool IsCliff(int row, int column) => row == Rows - 1 && column > 0 && column < Columns - 1;

    /// <summary>The grid as text, exactly Gymnasium's "ansi" rendering (which uses no colour codes):
    /// <c>x</c> the player, <c>T</c> the goal, <c>C</c> the cliff, <c>o</c> other cells, then an empty line.</summary>
    /// <returns>The text.</returns>
    public override string RenderText()
    {
        var text = new StringBuilder();
        for (var row = 0; row < Rows; row++)
        {
            for (var column = 0; column < Columns; column++)
            {
                var s = row * Columns + column;
                var cell = s == State ? 'x' : s == GoalState ? 'T' : IsCliff(row, column) ? 'C' : 'o';
                if (column > 0)
                    text.Append(' ');
                text.Append(cell);
                text.Append(column < Columns - 1 ? " " : "\n");
            }
        }
        return text.Append('\n').ToString();
    }

    /// <summary>Draws the grid as a 720x240 RGB frame (Gymnasium's 60-pixel cells): a checkered
    /// mountain, the cliff, start and goal tiles, and the player as a red disc.</summary>
    /// <returns>The frame.</returns>
    public override Frame Render()
    {
        const int cell = 60;
        using var canvas = new TileCanvas(Columns * cell, Rows * cell, new SKColor(255, 255, 255));
        for (var row = 0; row < Rows; row++)
        {
            for (var column = 0; column < Columns; column++)
            {
                var s = row * Columns + column;
                var color = IsCliff(row, column) ? new SKColor(90, 60, 40)
                    : s == StartState ? new SKColor(150, 150, 160)
                    : s == GoalState ? new SKColor(240, 190, 40)
                    : ((row + column) % 2 == 0 ? new SKColor(200, 225, 200) : new SKColor(180, 210, 180));
                canvas.Fill(column * cell, row * cell, cell, cell, color);
            }
        }
        var (r, c) = (State / Columns, State % Columns);
        canvas.Disc((c + 0.5f) * cell, (r + 0.5f) * cell, cell * 0.3f, new SKColor(215, 40, 40));
        return canvas.ToFrame();
    }

    /// <summary>Writes <see cref="DiscreteTransitionEnv.State"/> and <see cref="DiscreteTransitionEnv.LastAction"/>; CliffWalking keeps no other state.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer) => base.WriteState(writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader) => base.ReadState(reader);

    private static Transition[][][] BuildTransitionTable(bool isSlippery)
    {
        var table = new Transition[Rows * Columns][][];
        for (var s = 0; s < table.Length; s++)
        {
            var (row, column) = (s / Columns, s % Columns);
            table[s] = new Transition[Moves.Length][];
            for (var action = 0; action < Moves.Length; action++)
            {
                int[] directions = isSlippery ? [(action + 3) % 4, action, (action + 1) % 4] : [action];
                table[s][action] = [.. directions.Select(d => Outcome(row, column, d, 1.0 / directions.Length))];
            }
        }
        return table;
    }

    private static Transition Outcome(int row, int column, int direction, double probability)
    {
        var newRow = Math.Clamp(row + Moves[direction].Row, 0, Rows - 1);
        var newColumn = Math.Clamp(column + Moves[direction].Column, 0, Columns - 1);
        if (IsCliff(newRow, newColumn))
            return new Transition(probability, StartState, -100, false);
        var next = newRow * Columns + newColumn;
        return new Transition(probability, next, -1, next == GoalState);
    }

    private static double[] BuildInitialStateDistribution()
    {
        var distribution = new double[Rows * Columns];
        distribution[StartState] = 1.0;
        return distribution;
    }
}
