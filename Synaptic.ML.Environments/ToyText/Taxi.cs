using System.Text;
using SkiaSharp;

namespace Synaptic.ML.Environments.ToyText;

/// <summary>
/// Taxi-v3 (Gymnasium's <c>TaxiEnv</c> with its default, deterministic dynamics; Dietterich 2000):
/// navigate a 5x5 grid to the passenger, pick them up and drop them off at their destination, one of
/// the four designated locations Red, Green, Yellow and Blue.
/// </summary>
/// <remarks>
/// <para>Map (<see cref="Map"/>): walls are <c>|</c>; <c>:</c> lets the taxi pass.</para>
/// <code>
/// +---------+
/// |R: | : :G|
/// | : | : : |
/// | : : : : |
/// | | : | : |
/// |Y| : |B: |
/// +---------+
/// </code>
/// <para><b>Action space</b>: Discrete(6): 0 move south (down), 1 move north (up), 2 move east
/// (right), 3 move west (left), 4 pick up the passenger, 5 drop off the passenger.</para>
/// <para><b>Observation space</b>: Discrete(500), the state
/// <c>((taxi_row * 5 + taxi_col) * 5 + passenger_location) * 4 + destination</c> (see
/// <see cref="Encode"/>), where the passenger location is 0 Red, 1 Green, 2 Yellow, 3 Blue or 4 in the
/// taxi, and the destination 0 Red, 1 Green, 2 Yellow or 3 Blue.</para>
/// <para><b>Starting state</b>: drawn uniformly from the 300 states where the passenger is neither at
/// their destination nor inside the taxi.</para>
/// <para><b>Rewards</b>: −1 per step unless another reward is triggered; +20 for delivering the
/// passenger; −10 for executing "pickup" or "drop-off" illegally. Moving into a wall is a no-op that
/// still costs −1.</para>
/// <para><b>Episode end</b>: terminates when the taxi drops off the passenger at the destination;
/// truncated after 200 steps by the registered time limit. Reward threshold 8.</para>
/// <para><b>Info</b>: <c>"prob"</c> (probability of the transition, a <see cref="double"/>) and
/// <c>"action_mask"</c> (an <see cref="IReadOnlyList{T}"/> of 6 bytes, 1 where the action changes the
/// state; see <see cref="ActionMask"/>).</para>
/// <para><b>Version</b>: v3, Gymnasium's Taxi-v3 (equal to Taxi-v4 with <c>is_rainy=False</c> and
/// <c>fickle_passenger=False</c>); the rainy and fickle variants are not implemented.</para>
/// </remarks>
public sealed class Taxi : DiscreteTransitionEnv
{
    /// <summary>Number of states: 25 taxi positions × 5 passenger locations × 4 destinations.</summary>
    public const int States = 500;

    /// <summary>Number of actions.</summary>
    public const int Actions = 6;

    private const int Rows = 5;
    private static readonly string[] MapRows =
    [
        "+---------+",
        "|R: | : :G|",
        "| : | : : |",
        "| : : : : |",
        "| | : | : |",
        "|Y| : |B: |",
        "+---------+",
    ];

    private const int Columns = 5;
    private const int InTaxi = 4;
    private static readonly string[] ActionNames = ["South", "North", "East", "West", "Pickup", "Dropoff"];
    private static readonly (int Row, int Column)[] Locations = [(0, 0), (0, 4), (4, 0), (4, 3)];
    private static readonly SKColor[] LocationColors = [new(255, 0, 0), new(0, 255, 0), new(255, 255, 0), new(0, 0, 255)];
    private static readonly IReadOnlyList<byte>[] Masks = Enumerable.Range(0, States).Select(ComputeActionMask).ToArray();

    /// <summary>Creates Taxi-v3.</summary>
    public Taxi()
        : base("Taxi-v3", BuildTransitionTable(), BuildInitialStateDistribution())
    {
    }

    /// <summary>The map, Gymnasium's <c>MAP</c>: 7 rows of 11 characters.</summary>
    public static IReadOnlyList<string> Map { get; } = Array.AsReadOnly(MapRows);

    /// <summary>The state of a taxi at (<paramref name="taxiRow"/>, <paramref name="taxiColumn"/>) with the passenger at <paramref name="passengerLocation"/> going to <paramref name="destination"/>.</summary>
    /// <param name="taxiRow">Row 0–4.</param>
    /// <param name="taxiColumn">Column 0–4.</param>
    /// <param name="passengerLocation">0 Red, 1 Green, 2 Yellow, 3 Blue, 4 in the taxi.</param>
    /// <param name="destination">0 Red, 1 Green, 2 Yellow, 3 Blue.</param>
    /// <returns>The state, in [0, 500).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A component is out of range.</exception>
    public static int Encode(int taxiRow, int taxiColumn, int passengerLocation, int destination)
    {
        CheckRange(taxiRow, Rows, nameof(taxiRow));
        CheckRange(taxiColumn, Columns, nameof(taxiColumn));
        CheckRange(passengerLocation, Locations.Length + 1, nameof(passengerLocation));
        CheckRange(destination, Locations.Length, nameof(destination));
        return (((taxiRow * Columns) + taxiColumn) * (Locations.Length + 1) + passengerLocation) * Locations.Length + destination;
    }

    /// <summary>The components of <paramref name="state"/>, inverse of <see cref="Encode"/>.</summary>
    /// <param name="state">A state in [0, 500).</param>
    /// <returns>Taxi row and column, passenger location and destination.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state is out of range.</exception>
    public static (int TaxiRow, int TaxiColumn, int PassengerLocation, int Destination) Decode(int state)
    {
        CheckRange(state, States, nameof(state));
        var destination = state % 4;
        state /= 4;
        var passenger = state % 5;
        state /= 5;
        return (state / Columns, state % Columns, passenger, destination);
    }

    /// <summary>Gymnasium's <c>action_mask(state)</c>: 1 for each action that changes <paramref name="state"/>, else 0.</summary>
    /// <param name="state">A state in [0, 500).</param>
    /// <returns>Six bytes, one per action (a shared read-only list).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state is out of range.</exception>
    public static IReadOnlyList<byte> ActionMask(int state)
    {
        CheckRange(state, States, nameof(state));
        return Masks[state];
    }

    /// <summary>The grid as text, Gymnasium's "ansi" rendering without colour codes.</summary>
    /// <returns>
    /// The map with the taxi drawn as <c>T</c>, or <c>@</c> while the passenger rides in it; the
    /// waiting passenger's location letter in lower case; then a line naming the passenger's location
    /// and destination, and a line with the last action in brackets (empty after a reset).
    /// </returns>
    public override string RenderText()
    {
        var (row, column, passenger, destination) = Decode(State);
        var grid = Map.Select(line => line.ToCharArray()).ToArray();
        if (passenger < InTaxi)
        {
            var (pr, pc) = Locations[passenger];
            grid[1 + pr][2 * pc + 1] = char.ToLowerInvariant(grid[1 + pr][2 * pc + 1]);
        }
        grid[1 + row][2 * column + 1] = passenger == InTaxi ? '@' : 'T';
        var text = new StringBuilder();
        foreach (var line in grid)
            text.Append(line).Append('\n');
        text.Append("  Passenger: ").Append(passenger == InTaxi ? "in taxi" : LocationName(passenger))
            .Append(", destination: ").Append(LocationName(destination)).Append('\n');
        text.Append(LastAction is int a ? $"  ({ActionNames[a]})\n" : "\n");
        return text.ToString();
    }

    /// <summary>Draws the grid as a 550x350 RGB frame (Gymnasium's window size): walls, the four
    /// coloured locations, the destination outlined in magenta, the waiting passenger as a disc and the
    /// taxi as a yellow box (green when carrying the passenger).</summary>
    /// <returns>The frame.</returns>
    public override Frame Render()
    {
        const int cellWidth = 50, cellHeight = 50;
        var (row, column, passenger, destination) = Decode(State);
        using var canvas = new TileCanvas(Map[0].Length * cellWidth, Map.Count * cellHeight, new SKColor(230, 230, 230));
        for (var y = 0; y < Map.Count; y++)
        {
            for (var x = 0; x < Map[y].Length; x++)
            {
                if (Map[y][x] is '|' or '-' or '+')
                    canvas.Fill(x * cellWidth, y * cellHeight, cellWidth, cellHeight, new SKColor(60, 60, 60));
            }
        }
        for (var i = 0; i < Locations.Length; i++)
        {
            var (x, y) = CellOrigin(Locations[i], cellWidth, cellHeight);
            canvas.Fill(x, y, cellWidth, cellHeight, LocationColors[i].WithAlpha(128));
        }
        var (dx, dy) = CellOrigin(Locations[destination], cellWidth, cellHeight);
        canvas.Outline(dx, dy, cellWidth, cellHeight, new SKColor(200, 0, 200), 5);
        var (tx, ty) = CellOrigin((row, column), cellWidth, cellHeight);
        canvas.Fill(tx + 8, ty + 12, cellWidth - 16, cellHeight - 24, passenger == InTaxi ? new SKColor(0, 160, 0) : new SKColor(240, 190, 0));
        if (passenger < InTaxi)
        {
            var (px, py) = CellOrigin(Locations[passenger], cellWidth, cellHeight);
            canvas.Disc(px + cellWidth / 2f, py + cellHeight / 2f, cellWidth / 5f, new SKColor(90, 40, 0));
        }
        return canvas.ToFrame();
    }

    /// <summary>Writes <see cref="DiscreteTransitionEnv.State"/> and <see cref="DiscreteTransitionEnv.LastAction"/>; Taxi keeps no other state.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer) => base.WriteState(writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader) => base.ReadState(reader);

    /// <inheritdoc />
    protected override void WriteStateInfo(int state) => InfoEntries["action_mask"] = Masks[state];

    private static (int X, int Y) CellOrigin((int Row, int Column) cell, int cellWidth, int cellHeight) =>
        ((2 * cell.Column + 1) * cellWidth, (cell.Row + 1) * cellHeight);

    private static string LocationName(int location) => Map[1 + Locations[location].Row][2 * Locations[location].Column + 1].ToString();

    // East and west moves are blocked by a wall character between the two cells.
    private static bool OpenEast(int row, int column) => MapRows[1 + row][2 * column + 2] == ':';

    private static bool OpenWest(int row, int column) => MapRows[1 + row][2 * column] == ':';

    private static Transition[][][] BuildTransitionTable()
    {
        var table = new Transition[States][][];
        for (var state = 0; state < States; state++)
        {
            var (row, column, passenger, destination) = Decode(state);
            table[state] = new Transition[Actions][];
            for (var action = 0; action < Actions; action++)
                table[state][action] = [Outcome(row, column, passenger, destination, action)];
        }
        return table;
    }

    private static Transition Outcome(int row, int column, int passenger, int destination, int action)
    {
        var (newRow, newColumn, newPassenger) = (row, column, passenger);
        var reward = -1.0;
        var terminated = false;
        var location = Array.IndexOf(Locations, (row, column));
        switch (action)
        {
            case 0:
                newRow = Math.Min(row + 1, Rows - 1);
                break;
            case 1:
                newRow = Math.Max(row - 1, 0);
                break;
            case 2 when OpenEast(row, column):
                newColumn = Math.Min(column + 1, Columns - 1);
                break;
            case 3 when OpenWest(row, column):
                newColumn = Math.Max(column - 1, 0);
                break;
            case 4:
                if (passenger < InTaxi && location == passenger)
                    newPassenger = InTaxi;
                else
                    reward = -10;
                break;
            case 5:
                if (passenger == InTaxi && location == destination)
                    (newPassenger, terminated, reward) = (destination, true, 20);
                else if (passenger == InTaxi && location >= 0)
                    newPassenger = location;
                else
                    reward = -10;
                break;
        }
        return new Transition(1.0, Encode(newRow, newColumn, newPassenger, destination), reward, terminated);
    }

    private static double[] BuildInitialStateDistribution()
    {
        var distribution = new double[States];
        for (var state = 0; state < States; state++)
        {
            var (_, _, passenger, destination) = Decode(state);
            if (passenger < InTaxi && passenger != destination)
                distribution[state] = 1;
        }
        var total = distribution.Sum();
        for (var state = 0; state < States; state++)
            distribution[state] /= total;
        return distribution;
    }

    private static IReadOnlyList<byte> ComputeActionMask(int state)
    {
        var (row, column, passenger, destination) = Decode(state);
        var location = Array.IndexOf(Locations, (row, column));
        var mask = new byte[Actions];
        mask[0] = (byte)(row < Rows - 1 ? 1 : 0);
        mask[1] = (byte)(row > 0 ? 1 : 0);
        mask[2] = (byte)(column < Columns - 1 && OpenEast(row, column) ? 1 : 0);
        mask[3] = (byte)(column > 0 && OpenWest(row, column) ? 1 : 0);
        mask[4] = (byte)(passenger < InTaxi && location == passenger ? 1 : 0);
        // Gymnasium also lists "at the destination", which is one of the locations anyway.
        mask[5] = (byte)(passenger == InTaxi && location >= 0 ? 1 : 0);
        return Array.AsReadOnly(mask);
    }

    private static void CheckRange(int value, int count, string name)
    {
        if ((uint)value >= (uint)count)
            throw new ArgumentOutOfRangeException(name, value, $"{name} {value} is outside Taxi-v3's range 0 to {count - 1}.");
    }
}
