using System.Reflection;

namespace Synaptic.ML.Persistence;

/// <summary>
/// Turns the exception ML.NET throws from <c>Model.Load</c> into one sentence: ML.NET wraps a
/// loader's own error in one or two <see cref="TargetInvocationException"/> layers and reports an
/// unreadable zip as a <see cref="FormatException"/>.
/// </summary>
internal static class ModelLoadFailure
{
    public static string Explain(Exception exception)
    {
        var chain = new List<Exception>();
        for (var e = exception; e is not null; e = e.InnerException)
            chain.Add(e);

        // A Synaptic loader's own verdict (corruption, version) is the most specific message.
        var ours = chain.LastOrDefault(e => e is InvalidDataException
            && e.TargetSite?.DeclaringType?.Namespace?.StartsWith("Synaptic.ML", StringComparison.Ordinal) == true);
        if (ours is not null)
            return ours.Message;

        var innermost = chain[^1];
        if (chain.Any(e => e.Message.StartsWith("Failed to open a zip archive", StringComparison.Ordinal)))
            return $"it is not a readable zip archive (truncated or corrupted): {innermost.Message}";
        if (chain.Any(e => e.Message.StartsWith("Couldn't load model", StringComparison.Ordinal)))
            return $"{innermost.Message} No loader is registered for a component of this model: call mlContext.Synaptic() on the loading context and reference the assembly that defines the component.";
        return innermost.Message;
    }
}
