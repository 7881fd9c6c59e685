namespace Synaptic.ML.Text;

/// <summary>
/// Finds the name (an environment id, an option's path) a mistyped one most likely meant, for "did you mean …?" in
/// error messages. Names stay exact (ids are case-sensitive, as in Gymnasium); this only helps the message.
/// </summary>
internal static class ClosestName
{
    /// <summary>
    /// The id that differs from <paramref name="id"/> only in letter case, else the one within a few edits
    /// (Levenshtein distance at most a third of the id's length, at least 2), else null.
    /// </summary>
    /// <param name="id">The id that is not registered.</param>
    /// <param name="known">The registered ids.</param>
    /// <returns>The suggestion, or null when no id is close.</returns>
    public static string? Suggest(string id, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(known);
        var candidates = known.Order(StringComparer.Ordinal).ToArray();
        var sameLetters = candidates.FirstOrDefault(k => string.Equals(k, id, StringComparison.OrdinalIgnoreCase));
        if (sameLetters is not null)
            return sameLetters;
        var limit = Math.Max(2, id.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(id.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance <= limit && distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    // Levenshtein distance (insertions, deletions, substitutions), two rows.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
