using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Synaptic.ML.Benchmarks -- --filter '*' [--job dry|short|…]
// dotnet run -c Release --project bench/Synaptic.ML.Benchmarks -- --ppo-solve-beside-sb3 [options]
//   (PPO time to solve CartPole-v1 on the schedule of bench/peers/sb3_ppo_cartpole.py; see PpoSolveBesideSb3)
// dotnet run -c Release --project bench/Synaptic.ML.Benchmarks -- --dqn-solve-beside-sb3 [options]
//   (DQN time to solve CartPole-v1 on the schedule of bench/peers/sb3_dqn.py; see DqnSolveBesideSb3)
// Synaptic.ML's settings for libtorch (MKL_CBWR, the C heap, MKL's kernels on AMD: Synaptic.ML/Torch) take effect when
// its assembly loads, before libtorch does; benchmarks that call TorchSharp first in their setup would load libtorch
// before them.
Synaptic.ML.Torch.TorchRuntime.EnsureAvailable();

if (args is [Synaptic.ML.Benchmarks.PpoSolveBesideSb3.Switch, .. var rest])
    return Synaptic.ML.Benchmarks.PpoSolveBesideSb3.Run(rest);
if (args is [Synaptic.ML.Benchmarks.DqnSolveBesideSb3.Switch, .. var dqnRest])
    return Synaptic.ML.Benchmarks.DqnSolveBesideSb3.Run(dqnRest);

// In-process: BenchmarkDotNet's default would rebuild a copy of this project, libtorch included,
// for every run; in-process measurement is as accurate for these CPU-bound loops. It is asked for
// on the command line (--inProcess) rather than with a job in the config, so that a command-line
// job (--job dry) runs in process too instead of running out of process beside the config's job.
string[] arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(Synaptic.ML.Benchmarks.EncoderThroughputBenchmarks).Assembly).Run(arguments, DefaultConfig.Instance);
return 0;
