using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Synaptic.ML.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Synaptic.ML.Benchmarks.EncoderThroughputBenchmarks).Assembly).Run(args);
