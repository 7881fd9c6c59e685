namespace Synaptic.ML.Trainers;

/// <summary>Progress of episodic training, reported after every episode on the training thread.</summary>
/// <param name="Episode">Episodes done.</param>
/// <param name="Episodes">Episodes planned.</param>
/// <param name="MeanAccuracy">Mean query accuracy of the last (up to) 100 episodes.</param>
/// <param name="LastValidationAccuracy">The last validation's accuracy, if one ran.</param>
/// <param name="WallSeconds">Training time so far (validations excluded).</param>
public sealed record FewShotTrainingProgress(int Episode, int Episodes, double MeanAccuracy, double? LastValidationAccuracy, double WallSeconds);
