using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Tests.Compatibility;

/// <summary>
/// Every visible column of a view as JSON, exactly: its name, its type as ML.NET prints it, key values where it
/// has them, and each row's value — floats as their 32-bit patterns in hex, so two snapshots are equal only when
/// every bit is. Used to record the legacy models' outputs and to compare a reloaded model's outputs with them.
/// </summary>
internal static class ColumnSnapshot
{
    public static string Hex(float value) => BitConverter.SingleToUInt32Bits(value).ToString("X8", CultureInfo.InvariantCulture);

    public static string Hex(double value) => BitConverter.DoubleToUInt64Bits(value).ToString("X16", CultureInfo.InvariantCulture);

    public static float Single(string hex) => BitConverter.UInt32BitsToSingle(uint.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>The snapshot of every visible column of <paramref name="view"/>, in schema order.</summary>
    public static JsonArray Capture(IDataView view) =>
        new(view.Schema.Where(c => !c.IsHidden).Select(c => (JsonNode)Capture(view, c)).ToArray());

    private static JsonObject Capture(IDataView view, DataViewSchema.Column column)
    {
        var snapshot = new JsonObject { ["name"] = column.Name, ["type"] = column.Type.ToString() };
        JsonNode?[] values = column.Type switch
        {
            NumberDataViewType t when t.RawType == typeof(float) => view.GetColumn<float>(column).Select(v => (JsonNode)Hex(v)).ToArray(),
            NumberDataViewType t when t.RawType == typeof(double) => view.GetColumn<double>(column).Select(v => (JsonNode)Hex(v)).ToArray(),
            NumberDataViewType t when t.RawType == typeof(int) => view.GetColumn<int>(column).Select(v => (JsonNode)v).ToArray(),
            KeyDataViewType t when t.RawType == typeof(uint) => view.GetColumn<uint>(column).Select(v => (JsonNode)v).ToArray(),
            VectorDataViewType t when t.ItemType.RawType == typeof(float) =>
                view.GetColumn<float[]>(column).Select(v => (JsonNode)new JsonArray(v.Select(x => (JsonNode)Hex(x)).ToArray())).ToArray(),
            _ => throw new NotSupportedException($"Column '{column.Name}' has type {column.Type}, which the snapshot does not record."),
        };
        if (column.Type is VectorDataViewType vector)
            snapshot["dimensions"] = new JsonArray(vector.Dimensions.Select(d => (JsonNode)d).ToArray());
        if (column.Annotations.Schema.GetColumnOrNull("KeyValues") is not null)
        {
            VBuffer<ReadOnlyMemory<char>> keyValues = default;
            column.GetKeyValues(ref keyValues);
            snapshot["keyValues"] = new JsonArray(keyValues.DenseValues().Select(k => (JsonNode)k.ToString()).ToArray());
        }
        snapshot["values"] = new JsonArray(values);
        return snapshot;
    }
}
