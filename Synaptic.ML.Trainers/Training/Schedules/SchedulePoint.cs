namespace Synaptic.ML.Trainers;

/// <summary>Where training is, as a <see cref="Schedule"/> sees it.</summary>
/// <param name="Progress">Fraction of the training budget used, in [0, 1].</param>
/// <param name="Step">Steps taken so far in the trainer's own unit (updates for on-policy trainers, episodes for episodic ones).</param>
/// <param name="Phase">Index of the current curriculum phase (0 without a curriculum).</param>
/// <param name="StepsInPhase">Steps taken since the current phase began (equal to <paramref name="Step"/> without a curriculum).</param>
public readonly record struct SchedulePoint(double Progress, long Step = 0, int Phase = 0, long StepsInPhase = 0);
