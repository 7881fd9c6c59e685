namespace Synaptic.ML.Trainers;

/// <summary>
/// Stops training when <c>patience</c> evaluations in a row have not beaten the best one so far (Keras' and
/// ML.NET's early stopping on a validation metric; higher is better).
/// </summary>
internal sealed class EarlyStoppingCallback(int patience) : TrainingCallback
{
    private double _best = double.NegativeInfinity;
    private int _sinceBest;

    public override void OnIteration(TrainingRun run)
    {
        if (!run.EvaluatedThisIteration)
            return;
        if (run.LastEvaluation > _best)
        {
            _best = run.LastEvaluation!.Value;
            _sinceBest = 0;
            return;
        }
        if (++_sinceBest >= patience)
            run.RequestStop($"{run.TrainerName}: {_sinceBest} evaluations without beating the best ({_best:G6}); stopping early at iteration {run.Iteration}.");
    }

    public override void WriteState(BinaryWriter writer)
    {
        writer.Write(_best);
        writer.Write(_sinceBest);
    }

    public override void ReadState(BinaryReader reader)
    {
        _best = reader.ReadDouble();
        _sinceBest = reader.ReadInt32();
    }
}
