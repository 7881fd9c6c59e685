using Synaptic.ML.Randomness;

namespace Synaptic.ML.Environments;

/// <summary>
/// The set of valid observations or actions of an environment, as Gymnasium's <c>Space</c>. Every
/// value is carried as a flat <see cref="float"/> vector of <see cref="Size"/> elements: a
/// <see cref="DiscreteSpace"/> value is one element holding the integer, a <see cref="BoxSpace"/>
/// value its elements in row-major order.
/// </summary>
public abstract class Space
{
    /// <summary>Number of floats one value occupies.</summary>
    public abstract int Size { get; }

    /// <summary>Whether <paramref name="value"/> belongs to the space.</summary>
    /// <param name="value">A flat value.</param>
    /// <returns>True when it has the right length and every element is valid.</returns>
    public bool Contains(ReadOnlySpan<float> value) => value.Length == Size && Why(value) is null;

    /// <summary>Writes a uniformly drawn value.</summary>
    /// <param name="value">Destination of <see cref="Size"/> floats.</param>
    /// <param name="random">The generator.</param>
    public abstract void Sample(Span<float> value, ref SplitMix64 random);

    /// <summary>Throws when <paramref name="value"/> is not in the space. Allocates only when it throws.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="kind">What the value is, e.g. "Action".</param>
    /// <param name="owner">Whose it is, e.g. "CartPole-v1".</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the space; the message says how.</exception>
    public void Validate(ReadOnlySpan<float> value, string kind, string owner)
    {
        if (value.Length != Size)
            throw new ArgumentOutOfRangeException(kind, value.Length, $"{kind} of {owner} has {value.Length} values; {this} expects {Size}.");
        if (Why(value) is { } reason)
            throw new ArgumentOutOfRangeException(kind, $"{kind} of {owner} is outside {this}: {reason}.");
    }

    /// <summary>Why <paramref name="value"/> (of the right length) is not in the space, or null.</summary>
    /// <param name="value">A value of <see cref="Size"/> floats.</param>
    /// <returns>A short reason naming the element and value, or <see langword="null"/>.</returns>
    protected abstract string? Why(ReadOnlySpan<float> value);
}
