using Synaptic.ML.Persistence;

// This assembly defines models that Synaptic.ML saves in zips; mlContext.Synaptic() registers their loaders.
[assembly: SynapticModelAssembly]
