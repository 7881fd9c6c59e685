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

    public static double Double(string hex) => BitConverter.UInt64BitsToDouble(ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>
    /// How far a float in a snapshot may be from its recorded value: <see cref="RelativeRounding"/> of the larger
    /// magnitude (at least 1). libtorch chooses its matrix-product kernels by CPU (MKL's AVX-512 kernels on one
    /// machine, AVX2 on another), so the same weights and inputs give sums rounded in another order — a few units in
    /// the last place of a float — on another kind of machine. Any real change to a model moves outputs far more.
    /// </summary>
    public const double RelativeRounding = 1e-5;

    /// <summary>
    /// Whether an actual snapshot value equals its recorded one: exactly for integers, Booleans, keys and texts; within
    /// <see cref="RelativeRounding"/> for floats (hex strings of 8 or 16 digits), element by element in vectors.
    /// </summary>
    public static bool SameUpToRounding(JsonNode? recorded, JsonNode? actual)
    {
        if (recorded is JsonArray r && actual is JsonArray a)
            return r.Count == a.Count && r.Zip(a).All(p => SameUpToRounding(p.First, p.Second));
        if (recorded is JsonValue rv && actual is JsonValue av && rv.TryGetValue(out string? rs) && av.TryGetValue(out string? @as) && rs.Length == @as.Length && rs.Length is 8 or 16
            && ulong.TryParse(rs, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _) && ulong.TryParse(@as, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _))
        {
            var (e, x) = rs.Length == 8 ? (Single(rs), Single(@as)) : (Double(rs), Double(@as));
            if (double.IsNaN(e) || double.IsNaN(x) || double.IsInfinity(e) || double.IsInfinity(x))
                return rs == @as;
            return Math.Abs(e - x) <= RelativeRounding * Math.Max(1, Math.Max(Math.Abs(e), Math.Abs(x)));
        }
        return JsonNode.DeepEquals(recorded, actual);
    }

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
            BooleanDataViewType => view.GetColumn<bool>(column).Select(v => (JsonNode)v).ToArray(),
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
