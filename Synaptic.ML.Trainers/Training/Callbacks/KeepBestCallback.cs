namespace Synaptic.ML.Trainers;

/// <summary>
/// After each evaluation that beats the best so far: keeps a copy of the weights (to return the best model
/// instead of the last one) and/or saves the model as a zip in the checkpoint directory.
/// </summary>
internal sealed class KeepBestCallback(ITrainingSubject subject, bool returnBest, string? directory) : TrainingCallback
{
    private double _best = double.NegativeInfinity;
    private byte[] _weights = [];

    public override void OnIteration(TrainingRun run)
    {
        if (!run.EvaluatedThisIteration || !(run.LastEvaluation > _best))
            return;
        _best = run.LastEvaluation!.Value;
        if (returnBest)
            _weights = subject.SnapshotWeights();
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            subject.SaveModel(Path.Combine(directory, subject.BestModelFileName), run.History);
        }
    }

    public override void OnTrainingEnd(TrainingRun run)
    {
        if (!returnBest || _weights.Length == 0)
            return;
        subject.RestoreWeights(_weights);
        run.Log($"{run.TrainerName}: returning the model of the best evaluation ({_best:G6}).");
    }

    public override void WriteState(BinaryWriter writer)
    {
        writer.Write(_best);
        writer.Write(_weights.Length);
        writer.Write(_weights);
    }

    public override void ReadState(BinaryReader reader)
    {
        _best = reader.ReadDouble();
        _weights = reader.ReadBytes(reader.ReadInt32());
    }
}
