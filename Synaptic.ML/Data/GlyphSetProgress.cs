namespace Synaptic.ML.Data;

/// <summary>Progress of <see cref="GlyphSet.Generate"/>, reported after each alphabet is rendered.</summary>
/// <param name="Alphabet">The alphabet just rendered.</param>
/// <param name="AlphabetsDone">How many alphabets are rendered, this one included.</param>
/// <param name="AlphabetCount">How many alphabets the set has.</param>
/// <param name="ClassesDone">How many characters (classes) are rendered so far.</param>
public readonly record struct GlyphSetProgress(string Alphabet, int AlphabetsDone, int AlphabetCount, int ClassesDone);
