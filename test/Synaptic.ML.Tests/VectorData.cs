using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Tests;

/// <summary>A row with one float vector column named "Features".</summary>
public sealed class VectorRow
{
    public float[] Features { get; set; } = [];
}

/// <summary>Builds single-column data views of a fixed vector shape, and reads columns back.</summary>
internal static class VectorData
{
    public static IDataView Load(MLContext ml, IEnumerable<float[]> rows, params int[] dimensions)
    {
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new VectorRow { Features = r }), schema);
    }

    public static float[][] Column(IDataView data, string name) =>
        data.GetColumn<float[]>(name).ToArray();
}
