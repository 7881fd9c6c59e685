namespace Synaptic.ML.Trainers;

/// <summary>
/// The one place where trainer options are checked, so every invalid option is reported in one style:
/// "<c>Name</c> must be …; it is <c>value</c>." as an <see cref="ArgumentOutOfRangeException"/> whose parameter
/// name is the option's name, or an <see cref="ArgumentException"/> naming the options that conflict.
/// Trainers call their options' validation when the estimator is made and again when <c>Fit</c> starts.
/// </summary>
public static class OptionChecks
{
    /// <summary>Requires <paramref name="value"/> &gt; 0.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's name.</param>
    public static void Positive(long value, string name)
    {
        if (value <= 0)
            throw Out(name, value, "must be positive");
    }

    /// <summary>Requires <paramref name="value"/> ≥ 0.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's name.</param>
    public static void NotNegative(long value, string name)
    {
        if (value < 0)
            throw Out(name, value, "cannot be negative");
    }

    /// <summary>Requires a finite <paramref name="value"/> &gt; 0.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's name.</param>
    public static void PositiveFinite(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw Out(name, value, "must be positive and finite");
    }

    /// <summary>Requires a finite <paramref name="value"/> ≥ 0.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's name.</param>
    public static void NotNegativeFinite(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw Out(name, value, "must be finite and not negative");
    }

    /// <summary>Requires a finite <paramref name="value"/>.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's name.</param>
    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw Out(name, value, "must be finite");
    }

    /// <summary>Requires <paramref name="value"/> in [0, 1].</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's name.</param>
    public static void Unit(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw Out(name, value, "must lie in [0, 1]");
    }

    /// <summary>Requires a value when the option is set (a null-able option, e.g. a clip, that is either null or positive).</summary>
    /// <param name="value">The option's value, or null for "none".</param>
    /// <param name="name">The option's name.</param>
    public static void PositiveOrNull(double? value, string name)
    {
        if (value is double v && !(v > 0))
            throw Out(name, v, "must be positive (or null for none)");
    }

    /// <summary>Requires a non-empty name (a column name, a file name).</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's name.</param>
    public static void NotEmpty(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"{name} must not be empty; it is {(value is null ? "null" : $"'{value}'")}.", name);
    }

    /// <summary>Requires an option that has no usable default.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's name.</param>
    public static void NotNull(object? value, string name)
    {
        if (value is null)
            throw new ArgumentNullException(name, $"{name} must be set; it is null.");
    }

    /// <summary>Requires every element of a list of sizes to be positive.</summary>
    /// <param name="values">The sizes.</param>
    /// <param name="name">The option's name.</param>
    public static void AllPositive(IReadOnlyList<int>? values, string name)
    {
        NotNull(values, name);
        for (var i = 0; i < values!.Count; i++)
        {
            if (values[i] <= 0)
                throw Out(name, values[i], $"must hold positive sizes; element {i}");
        }
    }

    /// <summary>Requires a combination of options to hold.</summary>
    /// <param name="condition">Whether the combination is valid.</param>
    /// <param name="message">What to change, naming the options.</param>
    public static void Requires(bool condition, string message)
    {
        if (!condition)
            throw new ArgumentException(message);
    }

    private static ArgumentOutOfRangeException Out(string name, object value, string expectation) =>
        new(name, value, $"{name} {expectation}; it is {value}.");
}
