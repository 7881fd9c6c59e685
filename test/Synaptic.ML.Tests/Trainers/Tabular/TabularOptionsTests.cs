using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Tabular;

/// <summary>The options every tabular learner shares are checked when the estimator is made, naming the option.</summary>
[TestClass]
public sealed class TabularOptionsTests
{
    [TestMethod]
    [DataRow("ExplorationInitial", 1.5)]
    [DataRow("ExplorationInitial", -0.01)]
    [DataRow("ExplorationFinal", 1.01)]
    [DataRow("ExplorationFinal", -1.0)]
    [DataRow("ExplorationFinal", double.NaN)]
    public void AnEpsilonOutsideTheUnitIntervalIsNamed(string name, double value)
    {
        var ml = new MLContext(seed: 0);
        TabularOptions[] every = [new QLearningTrainer.Options(), new SarsaTrainer.Options(), new ExpectedSarsaTrainer.Options(), new StdpQLearningTrainer.Options()];
        foreach (var options in every)
        {
            options.EnvironmentId = "Taxi-v3";
            typeof(TabularOptions).GetProperty(name)!.SetValue(options, value);
            Action make = options switch
            {
                QLearningTrainer.Options q => () => ml.Synaptic().Trainers.QLearning(q),
                SarsaTrainer.Options s => () => ml.Synaptic().Trainers.Sarsa(s),
                ExpectedSarsaTrainer.Options e => () => ml.Synaptic().Trainers.ExpectedSarsa(e),
                StdpQLearningTrainer.Options p => () => ml.Synaptic().Trainers.StdpQLearning(p),
                _ => throw new InvalidOperationException(),
            };
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(make, options.GetType().FullName);
            Assert.AreEqual(name, ex.ParamName);
            StringAssert.Contains(ex.Message, $"{name} must");
        }
    }
}
