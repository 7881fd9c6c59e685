using Synaptic.ML.Samples.Cli;

// The synaptic command line (also packed as the .NET tool `synaptic`): `dotnet run --project Synaptic.ML.Samples -c Release -- help`.
// Ctrl+C asks a training run to stop after its current iteration, writing a resumable checkpoint; a second Ctrl+C ends the process.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (stop.IsCancellationRequested)
        return;
    e.Cancel = true;
    stop.Cancel();
    Console.Error.WriteLine("Stopping after this iteration (a checkpoint is written); Ctrl+C again to end now.");
};
return SynapticCommandLine.Run(args, CliConsole.System, stop.Token);
