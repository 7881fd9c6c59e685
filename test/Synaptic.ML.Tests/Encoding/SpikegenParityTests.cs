using System.Text.Json;
using Microsoft.ML;
using Synaptic.ML.Encoding;
using Synaptic.ML.Tests.Reference;

namespace Synaptic.ML.Tests.Encoding;

/// <summary>
/// Every case of snntorch/spikegen.json (and of SYNAPTIC_REFERENCE_DIR's copy) replayed through the
/// kernels and through the ML.NET transformers: spikes must match snnTorch exactly, and arguments
/// snnTorch refused must be refused.
/// </summary>
[TestClass]
public sealed class SpikegenParityTests
{
    public static IEnumerable<object[]> Cases() =>
        ReferenceData.Cases("snntorch", "spikegen.json").Select(c => new object[] { c.Label, c.Case.GetRawText() });

    [TestMethod]
    public void ReferenceFileHasBothEncodersAndARefusal()
    {
        var cases = ReferenceData.Cases("snntorch", "spikegen.json").Select(c => c.Case).ToArray();
        Assert.IsTrue(cases.Any(c => c.GetProperty("encoder").GetString() == "latency"));
        Assert.IsTrue(cases.Any(c => c.GetProperty("encoder").GetString() == "delta"));
        Assert.IsTrue(cases.Any(c => c.TryGetProperty("error", out _)));
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void KernelMatchesSnnTorch(string label, string json)
    {
        using var document = JsonDocument.Parse(json);
        var testCase = document.RootElement;
        var data = ReferenceData.FlattenSingles(testCase.GetProperty("data"));
        var args = testCase.GetProperty("args");
        var encoder = testCase.GetProperty("encoder").GetString();

        Func<float[]> encode = encoder switch
        {
            "latency" => () =>
            {
                var parameters = LatencyFrom(args);
                LatencyEncoder.Validate(parameters);
                var spikes = new float[parameters.TimeSteps * data.Length];
                LatencyEncoder.Encode(data, spikes, parameters);
                return spikes;
            }
            ,
            "delta" => () =>
            {
                var steps = ReferenceData.Shape(testCase.GetProperty("data"))[0];
                var spikes = new float[data.Length];
                DeltaEncoder.Encode(data, spikes, steps, (float)args.GetProperty("threshold").GetDouble(),
                    args.GetProperty("padding").GetBoolean(), args.GetProperty("off_spike").GetBoolean());
                return spikes;
            }
            ,
            _ => throw new InvalidDataException($"{label}: unknown encoder '{encoder}'."),
        };

        if (testCase.TryGetProperty("error", out var error))
        {
            var thrown = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => encode());
            Assert.IsFalse(string.IsNullOrWhiteSpace(thrown.Message), $"{label}: snnTorch said '{error.GetString()}'.");
            return;
        }
        CollectionAssert.AreEqual(ReferenceData.FlattenSingles(testCase.GetProperty("spikes")), encode(), $"{label}: spikes differ from snnTorch.");
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void TransformerMatchesSnnTorch(string label, string json)
    {
        using var document = JsonDocument.Parse(json);
        var testCase = document.RootElement;
        var shape = ReferenceData.Shape(testCase.GetProperty("data"));
        var data = ReferenceData.FlattenSingles(testCase.GetProperty("data"));
        var args = testCase.GetProperty("args");
        var ml = new MLContext(seed: 1);

        IDataView output;
        if (testCase.GetProperty("encoder").GetString() == "latency")
        {
            // snnTorch normalises over the whole tensor it is given: give the whole batch as one row.
            var input = VectorData.Load(ml, [data], data.Length);
            var estimator = CreateOrRefuse(() => ml.Synaptic().Transforms.EncodeLatency("Spikes", "Features", LatencyFrom(args)), testCase);
            if (estimator is null)
                return;
            output = estimator.Fit(input).Transform(input);
        }
        else
        {
            var input = VectorData.Load(ml, [data], shape[0], shape[1]);
            output = ml.Synaptic().Transforms.EncodeDelta("Spikes", "Features", (float)args.GetProperty("threshold").GetDouble(),
                args.GetProperty("padding").GetBoolean(), args.GetProperty("off_spike").GetBoolean()).Fit(input).Transform(input);
        }

        if (testCase.TryGetProperty("error", out _))
        {
            var thrown = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VectorData.Column(output, "Spikes"));
            StringAssert.Contains(thrown.Message, "Column 'Features', row 0");
            return;
        }
        var spikes = VectorData.Column(output, "Spikes").Single();
        CollectionAssert.AreEqual(ReferenceData.FlattenSingles(testCase.GetProperty("spikes")), spikes, $"{label}: spikes differ from snnTorch.");
    }

    // Arguments refused before any data is seen must be refused when the estimator is created.
    private static LatencyEncodingEstimator? CreateOrRefuse(Func<LatencyEncodingEstimator> create, JsonElement testCase)
    {
        var refusedUpFront = testCase.TryGetProperty("error", out _) && IsArgumentRefusal(testCase);
        if (!refusedUpFront)
            return create();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => create());
        return null;
    }

    private static bool IsArgumentRefusal(JsonElement testCase)
    {
        try
        {
            LatencyEncoder.Validate(LatencyFrom(testCase.GetProperty("args")));
            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            return true;
        }
    }

    internal static LatencyParameters LatencyFrom(JsonElement args) => new()
    {
        TimeSteps = args.GetProperty("num_steps").GetInt32(),
        Threshold = args.TryGetProperty("threshold", out var threshold) ? threshold.GetDouble() : 0.01,
        Tau = args.TryGetProperty("tau", out var tau) ? tau.GetDouble() : 1,
        FirstSpikeTime = args.TryGetProperty("first_spike_time", out var first) ? first.GetInt32() : 0,
        Clip = args.TryGetProperty("clip", out var clip) && clip.GetBoolean(),
        Normalize = args.TryGetProperty("normalize", out var normalize) && normalize.GetBoolean(),
        Linear = args.TryGetProperty("linear", out var linear) && linear.GetBoolean(),
        Bypass = args.TryGetProperty("bypass", out var bypass) && bypass.GetBoolean(),
        Epsilon = args.TryGetProperty("epsilon", out var epsilon) ? epsilon.GetDouble() : 1e-7,
    };
}
