using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The classes of a classifier as its label column named them: the key values of a key label (text or numbers, kept
/// with their type so that <c>PredictedLabel</c> maps back to the label's values), or none when the key had none.
/// Saved with the model.
/// </summary>
internal sealed class ClassKeyValues
{
    /// <summary>ML.NET's annotation kind for the values of a key type (<c>AnnotationUtils.Kinds.KeyValues</c>, not public).</summary>
    private const string KeyValuesKind = "KeyValues";

    private static readonly (string Name, DataViewType Type)[] KnownTypes =
    [
        ("Text", TextDataViewType.Instance), ("Single", NumberDataViewType.Single), ("Double", NumberDataViewType.Double),
        ("Int32", NumberDataViewType.Int32), ("UInt32", NumberDataViewType.UInt32), ("Int64", NumberDataViewType.Int64),
        ("UInt64", NumberDataViewType.UInt64), ("Int16", NumberDataViewType.Int16), ("UInt16", NumberDataViewType.UInt16),
        ("Byte", NumberDataViewType.Byte), ("SByte", NumberDataViewType.SByte), ("Boolean", BooleanDataViewType.Instance),
    ];

    private ClassKeyValues(int count, string? typeName, string[] names)
    {
        Count = count;
        TypeName = typeName;
        Names = names;
    }

    /// <summary>The two classes of a Boolean label: false, true.</summary>
    public static ClassKeyValues Binary { get; } = new(2, null, ["False", "True"]);

    public int Count { get; }

    /// <summary>The key values' item type (see <see cref="KnownTypes"/>), or null when the key has no key values.</summary>
    public string? TypeName { get; }

    /// <summary>The classes' names in index order: the key values in invariant text, or "1".."K" without key values.</summary>
    public string[] Names { get; }

    /// <summary>Reads a key label column's class count and key values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key has no known count, fewer than 2 classes, or key values of a type this library does not keep.</exception>
    public static ClassKeyValues Read(DataViewSchema.Column label)
    {
        var count = ((KeyDataViewType)label.Type).Count;
        if (count is < 2 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(label), count,
                $"The label key column '{label.Name}' has {count} classes; a classifier needs at least 2 (and a known number).");
        var names = Enumerable.Range(1, (int)count).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (label.Annotations.Schema.GetColumnOrNull(KeyValuesKind) is not { Type: VectorDataViewType { ItemType: var itemType } })
            return new ClassKeyValues((int)count, null, names);
        var known = Array.FindIndex(KnownTypes, k => k.Type.Equals(itemType));
        if (known < 0)
            throw new ArgumentOutOfRangeException(nameof(label), $"The label key column '{label.Name}' has key values of type {itemType}, which a spiking classifier cannot keep.");
        var read = typeof(ClassKeyValues).GetMethod(nameof(ReadValues), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(itemType.RawType);
        var values = (string[])read.Invoke(null, [label])!;
        values.AsSpan(0, Math.Min(values.Length, names.Length)).CopyTo(names);
        return new ClassKeyValues((int)count, KnownTypes[known].Name, names);
    }

    /// <summary>Adds the key values (in their type) to the annotations of an output key column.</summary>
    public void AddTo(DataViewSchema.Annotations.Builder annotations)
    {
        if (TypeName is null)
            return;
        var type = KnownTypes.First(k => k.Name == TypeName).Type;
        var add = typeof(ClassKeyValues).GetMethod(nameof(AddValues), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type.RawType);
        add.Invoke(null, [annotations, type, Names]);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        writer.Write(TypeName ?? "");
        foreach (var name in Names)
            writer.Write(name);
    }

    public static ClassKeyValues ReadFrom(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 2 or > 1_000_000)
            throw new InvalidDataException($"A saved classifier has {count} classes.");
        var typeName = reader.ReadString();
        if (typeName.Length > 0 && !KnownTypes.Any(k => k.Name == typeName))
            throw new InvalidDataException($"A saved classifier's key values have type '{typeName}', which this version does not know.");
        var names = new string[count];
        for (var i = 0; i < count; i++)
            names[i] = reader.ReadString();
        return new ClassKeyValues(count, typeName.Length == 0 ? null : typeName, names);
    }

    private static string[] ReadValues<T>(DataViewSchema.Column label)
    {
        var values = default(VBuffer<T>);
        label.Annotations.GetValue(KeyValuesKind, ref values);
        return values.DenseValues().Select(v => v switch
        {
            ReadOnlyMemory<char> text => text.ToString(),
            IFormattable number => number.ToString(typeof(T) == typeof(float) ? "R" : null, CultureInfo.InvariantCulture),
            _ => v?.ToString() ?? "",
        }).ToArray();
    }

    private static void AddValues<T>(DataViewSchema.Annotations.Builder annotations, DataViewType type, string[] names)
    {
        var values = names.Select(n => (T)Parse(n, typeof(T))).ToArray();
        ValueGetter<VBuffer<T>> getter = (ref VBuffer<T> value) => value = new VBuffer<T>(values.Length, (T[])values.Clone());
        annotations.Add(KeyValuesKind, new VectorDataViewType((PrimitiveDataViewType)type, values.Length), getter);
    }

    private static object Parse(string text, Type type) =>
        type == typeof(ReadOnlyMemory<char>) ? text.AsMemory()
        : type == typeof(bool) ? bool.Parse(text)
        : Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
}
