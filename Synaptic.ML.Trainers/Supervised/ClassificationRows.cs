using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The rows of a classification data set read into memory: a known-size <see cref="float"/> vector per row and a class
/// index, with the label column accepted as ML.NET's trainers accept it — a key for multiclass (its key values become
/// the class names), a Boolean for binary (false = class 0, true = class 1).
/// </summary>
internal sealed class ClassificationRows
{
    private ClassificationRows(float[] features, int[] labels, int featureSize, int height, int width, ClassKeyValues classes)
    {
        Features = features;
        Labels = labels;
        FeatureSize = featureSize;
        Height = height;
        Width = width;
        Classes = classes;
    }

    /// <summary>Row-major [Count, FeatureSize].</summary>
    public float[] Features { get; }

    /// <summary>Class index of each row, from 0.</summary>
    public int[] Labels { get; }

    public int Count => Labels.Length;

    public int FeatureSize { get; }

    /// <summary>The feature column's image height: its first dimension, the side of a square size, or 1.</summary>
    public int Height { get; }

    /// <summary>The feature column's image width (FeatureSize for a flat vector that is not a square).</summary>
    public int Width { get; }

    /// <summary>The classes in index order (the label's key values; false, true for binary).</summary>
    public ClassKeyValues Classes { get; }

    public int ClassCount => Classes.Count;

    /// <summary>The feature column's [height, width]: its two dimensions, a square's side, or [1, size].</summary>
    public static (int Height, int Width) ImageShape(VectorDataViewType type)
    {
        if (type.Dimensions.Length == 2)
            return (type.Dimensions[0], type.Dimensions[1]);
        var side = (int)Math.Round(Math.Sqrt(type.Size));
        return side * side == type.Size ? (side, side) : (1, type.Size);
    }

    /// <summary>Checks the feature column's type and returns it (ML.NET's trainers' message for a wrong type).</summary>
    public static VectorDataViewType FeatureType(DataViewSchema schema, string featureColumn, string trainer)
    {
        var column = schema.GetColumnOrNull(featureColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"{trainer}: the feature column '{featureColumn}' is not in the data (columns: {string.Join(", ", schema.Select(c => c.Name))}).");
        return column.Type is VectorDataViewType { ItemType: NumberDataViewType item, IsKnownSize: true } vector && item == NumberDataViewType.Single
            ? vector
            : throw new ArgumentOutOfRangeException(nameof(schema),
                $"{trainer}: schema mismatch for feature column '{featureColumn}': expected a known-size vector of Single, got {column.Type}.");
    }

    /// <summary>Checks the label column's type: a key for multiclass, Boolean for binary (ML.NET's trainers' message for a wrong type).</summary>
    public static DataViewSchema.Column LabelColumn(DataViewSchema schema, string labelColumn, bool binary, string trainer)
    {
        var column = schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"{trainer}: the label column '{labelColumn}' is not in the data (columns: {string.Join(", ", schema.Select(c => c.Name))}).");
        var ok = binary ? column.Type == BooleanDataViewType.Instance : column.Type is KeyDataViewType;
        return ok ? column : throw LabelTypeError(trainer, labelColumn, binary, column.Type.ToString());
    }

    /// <summary>The error for a label column of the wrong type, in ML.NET's trainers' words, with how to map it.</summary>
    public static ArgumentOutOfRangeException LabelTypeError(string trainer, string labelColumn, bool binary, string? actual)
    {
        var hint = binary
            ? "map it to Boolean first (e.g. a custom mapping or Conversion.ConvertType)"
            : "map it to a key first with mlContext.Transforms.Conversion.MapValueToKey";
        return new ArgumentOutOfRangeException("schema",
            $"{trainer}: schema mismatch for label column '{labelColumn}': expected {(binary ? "Boolean" : "Key")}, got {actual}; {hint}.");
    }

    /// <summary>Reads every row; refuses NaN or infinite features and missing labels, naming the row and element.</summary>
    public static ClassificationRows Read(IDataView data, string featureColumn, string labelColumn, bool binary, string trainer, string what = "training data")
    {
        var featureType = FeatureType(data.Schema, featureColumn, trainer);
        var label = LabelColumn(data.Schema, labelColumn, binary, trainer);
        var features = data.Schema[featureColumn];
        var size = featureType.Size;
        var (height, width) = ImageShape(featureType);
        var classes = binary ? ClassKeyValues.Binary : ClassKeyValues.Read(label);
        var values = new List<float>();
        var labels = new List<int>();
        using var cursor = data.GetRowCursor([features, label]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        var getKey = binary ? null : cursor.GetGetter<uint>(label);
        var getBool = binary ? cursor.GetGetter<bool>(label) : null;
        var buffer = default(VBuffer<float>);
        var dense = new float[size];
        long row = 0;
        while (cursor.MoveNext())
        {
            getFeatures(ref buffer);
            if (buffer.Length != size)
                throw new ArgumentException($"{trainer}: {what}, row {row}: column '{featureColumn}' has {buffer.Length} values; its type says {size}.");
            buffer.CopyTo(dense);
            var bad = dense.AsSpan().IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
            if (bad >= 0)
                throw new ArgumentOutOfRangeException(featureColumn, dense[bad],
                    $"{trainer}: {what}, row {row}: column '{featureColumn}', element {bad} is {dense[bad]}; features must be finite.");
            int index;
            if (binary)
            {
                var b = false;
                getBool!(ref b);
                index = b ? 1 : 0;
            }
            else
            {
                var key = 0u;
                getKey!(ref key);
                if (key == 0 || key > classes.Count)
                    throw new ArgumentOutOfRangeException(labelColumn, key,
                        $"{trainer}: {what}, row {row}: label column '{labelColumn}' has key {key}, which is {(key == 0 ? "missing" : "out of range")} (keys 1 to {classes.Count}).");
                index = (int)key - 1;
            }
            values.AddRange(dense);
            labels.Add(index);
            row++;
        }
        return new ClassificationRows([.. values], [.. labels], size, height, width, classes);
    }
}
