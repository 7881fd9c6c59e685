using Synaptic.ML.Plotting;

namespace Synaptic.ML.Trainers;

/// <summary>What happened during episodic training: every episode's loss and query accuracy, and every validation.</summary>
public sealed class FewShotTrainingHistory
{
    private readonly List<(int Episode, double Loss, double Accuracy, double WallSeconds)> _episodes = [];
    private readonly List<(int Episode, double Accuracy)> _validations = [];

    /// <summary>Training episodes in order: index, cross-entropy loss, query accuracy, training seconds so far.</summary>
    public IReadOnlyList<(int Episode, double Loss, double Accuracy, double WallSeconds)> Episodes => _episodes;

    /// <summary>Validations: after how many episodes, and the mean query accuracy over the validation episodes.</summary>
    public IReadOnlyList<(int Episode, double Accuracy)> Validations => _validations;

    internal void AddEpisode(int episode, double loss, double accuracy, double wallSeconds) => _episodes.Add((episode, loss, accuracy, wallSeconds));

    internal void AddValidation(int episode, double accuracy) => _validations.Add((episode, accuracy));

    /// <summary>Writes the training curve (moving mean of the query accuracy, and the validations) to a PNG.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="title">The title.</param>
    /// <param name="window">Episodes in the moving mean. Default 50.</param>
    public void SaveLearningCurve(string path, string title = "Episodic training", int window = 50)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        if (_episodes.Count == 0)
            throw new InvalidOperationException("No training episode ran, so there is no curve to draw.");
        var x = _episodes.Select(e => (double)e.Episode + 1).ToArray();
        var mean = MovingAverage.Of(_episodes.Select(e => e.Accuracy).ToArray(), window);
        var series = new List<LineSeries> { new($"Query accuracy, mean of {window}", x, mean) };
        if (_validations.Count > 0)
            series.Add(new("Validation accuracy", _validations.Select(v => (double)v.Episode).ToArray(), _validations.Select(v => v.Accuracy).ToArray()));
        LinePlot.SavePng(path, series, title, "Episode", "Accuracy");
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(_episodes.Count);
        foreach (var e in _episodes)
        {
            writer.Write(e.Episode);
            writer.Write(e.Loss);
            writer.Write(e.Accuracy);
            writer.Write(e.WallSeconds);
        }
        writer.Write(_validations.Count);
        foreach (var v in _validations)
        {
            writer.Write(v.Episode);
            writer.Write(v.Accuracy);
        }
    }

    internal static FewShotTrainingHistory Read(BinaryReader reader)
    {
        var history = new FewShotTrainingHistory();
        var episodes = Count(reader.ReadInt32());
        for (var i = 0; i < episodes; i++)
            history.AddEpisode(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        var validations = Count(reader.ReadInt32());
        for (var i = 0; i < validations; i++)
            history.AddValidation(reader.ReadInt32(), reader.ReadDouble());
        return history;
    }

    private static int Count(int count) =>
        count is >= 0 and <= 100_000_000 ? count : throw new InvalidDataException($"The few-shot training history has {count} entries.");
}
