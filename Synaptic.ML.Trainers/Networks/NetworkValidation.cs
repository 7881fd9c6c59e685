namespace Synaptic.ML.Trainers;

/// <summary>
/// The checks network descriptions make of their options, with one message style: the option, its value and
/// what it must be ("Beta = 2; it must lie in [0, 1].").
/// </summary>
internal static class NetworkValidation
{
    /// <summary>Layer sizes: a list of positive counts (non-empty when <paramref name="allowEmpty"/> is false).</summary>
    public static void Sizes(int[] sizes, string name, bool allowEmpty = true)
    {
        ArgumentNullException.ThrowIfNull(sizes, name);
        if (!allowEmpty && sizes.Length == 0)
            throw new ArgumentOutOfRangeException(name, $"{name} is empty; at least one layer is needed.");
        for (var i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] <= 0)
                throw new ArgumentOutOfRangeException(name, sizes[i], $"{name}[{i}] = {sizes[i]}; layer sizes must be positive.");
        }
    }

    /// <summary>A count of at least <paramref name="minimum"/>.</summary>
    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}; it must be at least {minimum}.");
    }

    /// <summary>A positive, finite number.</summary>
    public static void PositiveFinite(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}; it must be positive and finite.");
    }

    /// <summary>A number in [0, 1] (a decay).</summary>
    public static void UnitInterval(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}; it must lie in [0, 1].");
    }

    /// <summary>A named value of the enumeration.</summary>
    public static void Defined<TEnum>(TEnum value, string name) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}; it must be one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
    }
}
