using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.ML;
using Synaptic.ML.Trainers;
using Synaptic.ML.Tests.Trainers.FewShot;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers;

/// <summary>
/// Training is bit-reproducible, and these digests pin what it produced at commit 73e85ff: for each trainer,
/// a small seeded run (one torch thread) must give exactly the recorded weights (SHA-256 over every tensor of the
/// network's state_dict, name, shape and raw float bytes) and the recorded deterministic history (SHA-256 over
/// <see cref="HistoryNumbers(TrainingHistory)"/> / <see cref="FewShotHistoryNumbers(TrainingHistory)"/>, wall
/// times left out). A restructuring of the trainers that changes any update, draw or order changes a digest.
/// </summary>
[TestClass]
public sealed class TrainingChecksumTests
{
    // Re-recorded on 2026-12-01 when the trainers moved from the hand-written Adam to TorchSharp's (Synaptic.ML/Torch/
    // AdamOptimizer.cs says why): the first moment is rounded differently from the second step on, so weights and
    // losses differ in the last bits. The digests recorded at 73e85ff held, unchanged, through the restructuring
    // onto the shared training ground that preceded the switch. Re-recorded again the same day with MKL in its
    // COMPATIBLE mode (test/Synaptic.ML.Tests/TestAssembly.cs): under MKL's default the matrix products of an AMD EPYC
    // with AVX-512 rounded differently from the first machine's, and from one process to the next. Recorded once more on
    // 2026-12-02 for Intel Xeons with AVX-512, whose training runs give other bits (MachineFamily says what was ruled out).
    private static readonly string PpoMlpCartPoleWeights = MachineFamily.Expected("2adc7105ecc5d42e733fcd44a4e60a53df3200236e27b259aea8ee2ef39e818a", "f8bda0fea78ef11fb40027a611e58eeb263495716e2067e63ed672926488b8f4");
    private static readonly string PpoMlpCartPoleHistory = MachineFamily.Expected("7605e6b50d506f8cf5e8c14afbbdb70cb24621f501121be7a6d8529f76e41170", "44d5fdb91df88a1282d9bce9447bdad35f080bc31f0a5a862bb1760456e674d4");
    private static readonly string PpoSpikingCartPoleWeights = MachineFamily.Expected("d2d17559e6e975c6602e6585025ac703f357fd0802a0dee4388f1223837e6e49", "95f97fa79c0c6bb39255ee8cd99b6f48b462a3358d181be43d216117e8e08cfc");
    private static readonly string PpoSpikingCartPoleHistory = MachineFamily.Expected("8f614edd37c44d3999011fd913cdb19f44e43237883c59eea042639fee9af435", "0b34807ac15248565b0fd1f25d863382185507155dba98e513b25ebf14b84c9e");
    private static readonly string A2CMlpCartPoleWeights = MachineFamily.Expected("b00ce388dd8b7cb938b9f35505eaa1eaf84c05e1eebf297798fa2ed4af8cfcac", "e74766cab2b74c4ee42fba1849f4cfd55085e2c8eba835e426974fe66e45ebf7");
    private static readonly string A2CMlpCartPoleHistory = MachineFamily.Expected("f3d43ccb59ec17204f8713c9cdb5d4d2ed3fa08d06d01711da533efe3643e2fe", "3ada3773357a31c90681cef1701a770de37496aadb9bfba7572ef3dc7d2277cd");
    private static readonly string ReinforceBaselineCartPoleWeights = MachineFamily.Expected("a5a5bbfa3b5ba8fe55806034afb585715e5c204b3f0d82d1f08318c707317e9b", "4346acf1d575774824ceb1d9c7fac05e093f372a5c1d8111c2bf0965f31fee01");
    private static readonly string ReinforceBaselineCartPoleHistory = MachineFamily.Expected("148407684caf1ec546d43de1f4529f21d6cc0427e7815499614bd4d4898e30ea", "87425955a1ca154d3949c3d6990cf4496d69072a62fc582863b9fc0e4cbd1c05");
    private static readonly string PpoGaussianPendulumWeights = MachineFamily.Expected("b7e6d79f9120f4cc5485224f66c95dcca1e69f307a182ac044628d47326fee92", "1667e045ab36c4a268964069b153533e8d7dc0240ee9256a718a2d4592f21ff5");
    private static readonly string PpoGaussianPendulumHistory = MachineFamily.Expected("271214fdd41f810168b823f06e68a24167aec25330fad85491b59bf1da7c27bc", "0137b6d4dc0e0fc8ba03dafdc7fe965bb6f1a69f54b8155824b0d8d59dbac275");
    // Convolutions: recorded per machine family (MachineFamily); the history is the same on all three.
    private static readonly string PrototypicalSpikingDigitsWeights = MachineFamily.Expected(
        "2865de12f8489d2009fb4950d63d7a9d7c1b5c603fe81e0fbc2f2d7a03f78ff4", "250c392dc9128720e1b83df5bf52b819aa7f519bee9d097ae20b58a517924aa0",
        "6a700ca78c74d261b5410f6f2ddfe5d2744c672febd79932f5c908ae9a9f3ae7");
    // Its history again when a prediction between two scores equal as floats became the first (PrototypeMath.Scores): one
    // validation query of the run is such a tie.
    private const string PrototypicalSpikingDigitsHistory = "8139da8ce230dd19df7d337c12e9cb99e0be1107b8fec5a996bbd7eaafd5c9cd";

    [TestMethod]
    public void PpoMlpOnCartPoleTrainsToTheRecordedWeightsAndHistory() =>
        AssertDigests(PpoMlpCartPole(seed: 5), PpoMlpCartPoleWeights, PpoMlpCartPoleHistory);

    [TestMethod]
    public void PpoSpikingOnCartPoleTrainsToTheRecordedWeightsAndHistory()
    {
        var options = CartPolePpo(seed: 5, totalTimesteps: 512);
        options.Policy = new SpikingPolicyOptions { HiddenSizes = [32], TimeSteps = 4 };
        AssertDigests(Train(options), PpoSpikingCartPoleWeights, PpoSpikingCartPoleHistory);
    }

    [TestMethod]
    public void A2CMlpOnCartPoleTrainsToTheRecordedWeightsAndHistory()
    {
        var options = new A2CTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 5, NumberOfEnvironments = 4, StepsPerUpdate = 8, TotalTimesteps = 2_048 };
        AssertDigests(Train(options), A2CMlpCartPoleWeights, A2CMlpCartPoleHistory);
    }

    [TestMethod]
    public void ReinforceWithBaselineOnCartPoleTrainsToTheRecordedWeightsAndHistory()
    {
        var options = new ReinforceTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 5, UseBaseline = true, TotalTimesteps = 2_048 };
        AssertDigests(Train(options), ReinforceBaselineCartPoleWeights, ReinforceBaselineCartPoleHistory);
    }

    [TestMethod]
    public void PpoGaussianOnPendulumTrainsToTheRecordedWeightsAndHistory()
    {
        var options = new PpoTrainer.Options
        {
            EnvironmentId = "Pendulum-v1",
            Seed = 5,
            NumberOfEnvironments = 2,
            StepsPerUpdate = 128,
            MinibatchSize = 64,
            Epochs = 2,
            TotalTimesteps = 1_024,
        };
        AssertDigests(Train(options), PpoGaussianPendulumWeights, PpoGaussianPendulumHistory);
    }

    [TestMethod]
    public void PrototypicalNetworkWithSpikingBackboneTrainsToTheRecordedWeightsAndHistory()
    {
        var featurizer = PrototypicalSpikingDigits(seed: 1);
        Assert.IsTrue(featurizer.TrainingHistory!.Contains(MetricKeys.EvaluationAccuracy), "The run validates, so validation history is pinned too.");
        AssertDigests(Digest(featurizer.Embedder.Module), Digest(FewShotHistoryNumbers(featurizer.TrainingHistory)), PrototypicalSpikingDigitsWeights, PrototypicalSpikingDigitsHistory);
    }

    [TestMethod]
    public void AnotherSeedGivesOtherWeights()
    {
        var other = PpoMlpCartPole(seed: 6);
        Assert.AreNotEqual(PpoMlpCartPoleWeights, Digest(other.Module), "Seed 6 must not train the weights of seed 5.");
        Assert.AreNotEqual(PpoMlpCartPoleHistory, Digest(HistoryNumbers(other.TrainingHistory!)), "Seed 6 must not give the history of seed 5.");
    }

    /// <summary>
    /// The deterministic numbers of an on-policy history, in order: the counts, then every episode's
    /// (Episode, Return, Length, EnvironmentSteps, Update), then every update's fields except WallSeconds
    /// (a missing evaluation as NaN).
    /// </summary>
    internal static IEnumerable<double> HistoryNumbers(TrainingHistory history)
    {
        yield return history.Episodes.Count;
        yield return history.Updates.Count;
        foreach (var e in history.Episodes)
        {
            yield return e.Episode;
            yield return e.Return;
            yield return e.Length;
            yield return e.EnvironmentSteps;
            yield return e.Update;
        }
        foreach (var u in history.Updates)
        {
            yield return u.Update;
            yield return u.EnvironmentSteps;
            yield return u.PolicyLoss;
            yield return u.ValueLoss;
            yield return u.Entropy;
            yield return u.ApproximateKl;
            yield return u.ClipFraction;
            yield return u.LearningRate;
            yield return u.EvaluationReturn ?? double.NaN;
        }
    }

    /// <summary>
    /// The deterministic numbers of a few-shot history, in order: the counts, every episode's (Episode, Loss,
    /// Accuracy) and every validation's (Episode, Accuracy); wall times left out.
    /// </summary>
    internal static IEnumerable<double> FewShotHistoryNumbers(TrainingHistory history)
    {
        // Re-pointed at the keyed history of the shared training ground: one iteration row per episode (step =
        // episodes done) with train/loss and train/accuracy; validations as eval/accuracy on their episode's row.
        var episodes = history.Rows.Where(r => r.Kind == MetricRowKind.Iteration && r.Values.ContainsKey(MetricKeys.Loss)).ToList();
        var (validatedAt, validations) = history.Series(MetricKeys.EvaluationAccuracy);
        yield return episodes.Count;
        yield return validations.Length;
        foreach (var e in episodes)
        {
            yield return e.Step - 1;
            yield return e[MetricKeys.Loss];
            yield return e[MetricKeys.Accuracy];
        }
        for (var i = 0; i < validations.Length; i++)
        {
            yield return validatedAt[i];
            yield return validations[i];
        }
    }

    /// <summary>SHA-256 (lower-case hex) of the numbers' 64-bit patterns, little-endian.</summary>
    internal static string Digest(IEnumerable<double> numbers)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> bytes = stackalloc byte[8];
        foreach (var number in numbers)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, BitConverter.DoubleToInt64Bits(number));
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// SHA-256 (lower-case hex) of a module's state_dict in its order: each entry's name (UTF-8, length-prefixed),
    /// shape and raw float32 bytes.
    /// </summary>
    internal static string Digest(nn.Module module)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        foreach (var (name, tensor) in module.state_dict())
        {
            if (tensor.dtype != ScalarType.Float32)
                throw new InvalidOperationException($"State entry '{name}' is {tensor.dtype}; the digest reads float32 tensors.");
            var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteInt64LittleEndian(number, nameBytes.Length);
            hash.AppendData(number);
            hash.AppendData(nameBytes);
            BinaryPrimitives.WriteInt64LittleEndian(number, tensor.shape.Length);
            hash.AppendData(number);
            foreach (var size in tensor.shape)
            {
                BinaryPrimitives.WriteInt64LittleEndian(number, size);
                hash.AppendData(number);
            }
            using var values = tensor.detach().cpu().contiguous();
            hash.AppendData(MemoryMarshal.AsBytes(values.data<float>().ToArray().AsSpan()));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AssertDigests(PolicyTransformer policy, string weights, string history) =>
        AssertDigests(Digest(policy.Module), Digest(HistoryNumbers(policy.TrainingHistory!)), weights, history);

    private static void AssertDigests(string actualWeights, string actualHistory, string weights, string history)
    {
        // Both digests in each message: a change to one alone says whether the weights or only the bookkeeping moved.
        var both = $"(weights {actualWeights}, history {actualHistory})";
        Assert.AreEqual(weights, actualWeights, $"Weights digest of the trained network {both}.");
        Assert.AreEqual(history, actualHistory, $"History digest of the training {both}.");
    }

    private static PpoTrainer.Options CartPolePpo(int seed, int totalTimesteps) => new()
    {
        EnvironmentId = "CartPole-v1",
        Seed = seed,
        NumberOfEnvironments = 4,
        StepsPerUpdate = 64,
        MinibatchSize = 64,
        Epochs = 2,
        TotalTimesteps = totalTimesteps,
    };

    private static PolicyTransformer PpoMlpCartPole(int seed) => Train(CartPolePpo(seed, totalTimesteps: 2_048));

    private static PolicyTransformer Train(OnPolicyOptions options)
    {
        var ml = new MLContext(seed: 1);
        return ml.Synaptic().Trainers.OnPolicy(options).Fit(TrainedPolicies.Episodes(ml, options.EnvironmentId!));
    }

    private static ImageFeaturizerTransformer PrototypicalSpikingDigits(int seed)
    {
        var ml = new MLContext(seed: 0);
        var options = new PrototypicalNetworkTrainer.Options
        {
            Backbone = new SpikingConvBackboneOptions { Padding = 2, TimeSteps = 4 },
            Ways = 5,
            Shots = 3,
            Queries = 5,
            Episodes = 6,
            Seed = seed,
            TorchThreads = 1,
            ValidationData = DigitsFewShot.View(ml, DigitsFewShot.HeldOutClasses),
            ValidationInterval = 3,
            ValidationEpisodes = 2,
        };
        return ml.Synaptic().Trainers.PrototypicalNetwork(options).Fit(DigitsFewShot.View(ml, DigitsFewShot.TrainClasses));
    }
}
