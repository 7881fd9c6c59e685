using System.Diagnostics.CodeAnalysis;
using System.Collections;

namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// A wrapper's info: the wrapped environment's entries plus the wrapper's own, read live without
/// copying (so steps allocate nothing). The wrapper's entries win on a shared key.
/// </summary>
internal sealed class InfoOverlay(Env inner, Dictionary<string, object> own) : IReadOnlyDictionary<string, object>
{
    public object this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"Info has no entry '{key}'.");

    public IEnumerable<string> Keys => this.Select(e => e.Key);

    public IEnumerable<object> Values => this.Select(e => e.Value);

    public int Count
    {
        get
        {
            var count = inner.Info.Count;
            foreach (var key in own.Keys)
            {
                if (inner.Info.ContainsKey(key))
                    count--;
            }
            return count + own.Count;
        }
    }

    public bool ContainsKey(string key) => own.ContainsKey(key) || inner.Info.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value) =>
        own.TryGetValue(key, out value) || inner.Info.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        foreach (var entry in own)
            yield return entry;
        foreach (var entry in inner.Info)
        {
            if (!own.ContainsKey(entry.Key))
                yield return entry;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
