using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project bench/Synaptic.ML.Benchmarks -- --filter '*'
// In-process: BenchmarkDotNet's default would rebuild a copy of this project, libtorch included,
// for every run; in-process measurement is as accurate for these CPU-bound loops.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(Synaptic.ML.Benchmarks.EncoderThroughputBenchmarks).Assembly).Run(args, config);
