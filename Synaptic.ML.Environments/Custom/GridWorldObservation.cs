namespace Synaptic.ML.Environments.Custom;

/// <summary>How <see cref="GridWorld"/> encodes the agent's cell in its observation.</summary>
public enum GridWorldObservation
{
    /// <summary>Discrete(rows · columns): the row-major cell index row · columns + column, as FrozenLake's observation.</summary>
    CellIndex,

    /// <summary>Box(0, 1, rows · columns): 1 at the cell index, 0 elsewhere.</summary>
    OneHot,

    /// <summary>Box([0, 0], [rows − 1, columns − 1]): the (row, column) pair.</summary>
    RowColumn,
}
