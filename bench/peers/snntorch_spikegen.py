"""snnTorch's spike encoders timed on the same work as bench/Synaptic.ML.Benchmarks'
EncoderThroughputBenchmarks: 784-value rows, T = 25. Prints microseconds per row.

Needs PyTorch (Debian: apt-get install python3-torch) and snnTorch's source on PYTHONPATH:
    PYTHONPATH=/path/to/snntorch-checkout python3 bench/peers/snntorch_spikegen.py [threads]
"""
import sys
import timeit

import torch
from snntorch import spikegen

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(0)
batch = 128
data = torch.rand(batch, 784)
sequence = torch.rand(25, batch, 784)


def per_row(fn, repeat=7, number=20):
    fn()
    best = min(timeit.repeat(fn, repeat=repeat, number=number)) / number
    return best / batch * 1e6


print(f"torch {torch.__version__}, {threads} thread(s), batch {batch}")
print(f"rate    : {per_row(lambda: spikegen.rate(data, num_steps=25)):8.2f} us/row")
print(f"latency : {per_row(lambda: spikegen.latency(data, num_steps=25, tau=5, normalize=True)):8.2f} us/row")
print(f"delta   : {per_row(lambda: spikegen.delta(sequence, threshold=0.1, off_spike=True)):8.2f} us/row")
