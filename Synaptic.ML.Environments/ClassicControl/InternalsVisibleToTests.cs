using System.Runtime.CompilerServices;

// The tests check ClassicControlRegistrations, which is internal until BuiltInEnvironments lists it.
// The attribute allows repeats, so another file granting the same access does not conflict.
[assembly: InternalsVisibleTo("Synaptic.ML.Tests")]
