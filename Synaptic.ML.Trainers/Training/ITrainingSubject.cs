namespace Synaptic.ML.Trainers;

/// <summary>
/// What the shared callbacks need from a trainer while it runs: evaluate the model being trained, copy and put
/// back its weights, save it as a model zip, and write or read its whole training state for checkpoints.
/// </summary>
internal interface ITrainingSubject
{
    /// <summary>The metric key under which evaluations are recorded (<see cref="MetricKeys.EvaluationMeanReturn"/>, <see cref="MetricKeys.EvaluationAccuracy"/>).</summary>
    string EvaluationKey { get; }

    /// <summary>The file name of the best model saved in the checkpoint directory.</summary>
    string BestModelFileName { get; }

    /// <summary>Evaluates the model as it is now (higher is better), with a description for the log.</summary>
    (double Score, string Description) Evaluate(TrainingRun run);

    /// <summary>The weights as bytes.</summary>
    byte[] SnapshotWeights();

    /// <summary>Puts weights taken with <see cref="SnapshotWeights"/> back.</summary>
    void RestoreWeights(byte[] snapshot);

    /// <summary>Saves the model as it is now to a zip, through the caller's context.</summary>
    void SaveModel(string path, TrainingHistory history);
}

/// <summary>A trainer whose whole state can be written to a checkpoint and read back, so a killed run resumes exactly.</summary>
internal interface IResumableTraining
{
    /// <summary>Describes the training set-up; a checkpoint resumes only into the same set-up.</summary>
    string Identity { get; }

    /// <summary>Writes the trainer's state (weights, optimiser, generators, environments).</summary>
    void WriteState(BinaryWriter writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    void ReadState(BinaryReader reader);
}
