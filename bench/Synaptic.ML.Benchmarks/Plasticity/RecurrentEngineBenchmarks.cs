using BenchmarkDotNet.Attributes;
using Synaptic.ML.Plasticity;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// Steps of the default 100-neuron E/I LIF population (noise on, half the neurons driven above
/// threshold): bare dynamics, with STDP eligibility, and with plain STDP applied (and clipped) every
/// step. One operation = <see cref="Steps"/> steps; steps/s = Steps / mean time.
/// </summary>
[MemoryDiagnoser]
public class RecurrentEngineBenchmarks
{
    /// <summary>Steps per operation.</summary>
    public const int Steps = 1000;

    private LifPopulation _population = null!;
    private SpikeTimingDependentPlasticity _stdp = null!;
    private float[] _input = null!;

    /// <summary>Builds the population and the rule.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _population = new LifPopulation(null, seed: 1);
        _stdp = new SpikeTimingDependentPlasticity(_population.Size, _population.Size);
        _input = new float[_population.Size];
        for (var i = 0; i < _input.Length; i += 2)
            _input[i] = 1.1f;
    }

    /// <summary>LIF dynamics only.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public void Dynamics()
    {
        for (var t = 0; t < Steps; t++)
            _population.Step(_input);
    }

    /// <summary>Dynamics plus STDP traces and eligibility (the R-STDP inner loop).</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public void DynamicsWithEligibility()
    {
        for (var t = 0; t < Steps; t++)
        {
            var spikes = _population.Step(_input);
            _stdp.Update(spikes, spikes);
        }
        _stdp.ClearEligibility();
    }

    /// <summary>Dynamics plus plain STDP: eligibility applied to W and clipped into the E/I bounds every step.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public void DynamicsWithStdpApplied()
    {
        for (var t = 0; t < Steps; t++)
        {
            var spikes = _population.Step(_input);
            _stdp.Update(spikes, spikes);
            _population.ApplyWeightChange(_stdp.Eligibility, 1f);
            _stdp.ClearEligibility();
        }
    }
}
