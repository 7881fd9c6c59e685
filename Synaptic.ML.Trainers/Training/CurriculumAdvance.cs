namespace Synaptic.ML.Trainers;

/// <summary>A move of a <see cref="Curriculum"/> to its next phase.</summary>
/// <param name="Phase">Index of the phase that was mastered; the curriculum moved on to <c>Phase + 1</c>.</param>
/// <param name="Step">The trainer's steps completed at the episode that completed the mastery (as given to <see cref="Curriculum.Report"/>).</param>
/// <param name="EpisodesInPhase">Episodes the mastered phase took, that episode included.</param>
public readonly record struct CurriculumAdvance(int Phase, long Step, long EpisodesInPhase);
