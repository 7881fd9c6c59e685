"""snnTorch on the same work as bench/Synaptic.ML.Benchmarks' LeakyNetworkBenchmarks: a 784-1000-10
Leaky network (beta 0.95, fast-sigmoid surrogate), T = 25, batch 128; forward, and
forward + backward + Adam with cross-entropy on spike counts. Prints the median of 15 runs. An optional argument
sets the threads (torch's and OpenBLAS's); default 2.

    PYTHONPATH=/path/to/snntorch-checkout /usr/bin/python3 bench/peers/snntorch_leaky_network.py [threads]
"""
import os
import statistics
import sys
import time

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(threads))
os.environ.setdefault("OMP_NUM_THREADS", str(threads))

import torch
import torch.nn as nn
import snntorch as snn
from snntorch import surrogate

torch.set_num_threads(threads)
torch.manual_seed(0)
steps, batch = 25, 128


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        grad = surrogate.fast_sigmoid()
        self.fc1 = nn.Linear(784, 1000)
        self.lif1 = snn.Leaky(beta=0.95, spike_grad=grad)
        self.fc2 = nn.Linear(1000, 10)
        self.lif2 = snn.Leaky(beta=0.95, spike_grad=grad)

    def forward(self, x):
        mem1 = self.lif1.init_leaky()
        mem2 = self.lif2.init_leaky()
        spikes = []
        for t in range(x.shape[0]):
            spk1, mem1 = self.lif1(self.fc1(x[t]), mem1)
            spk2, mem2 = self.lif2(self.fc2(spk1), mem2)
            spikes.append(spk2)
        return torch.stack(spikes)


net = Net()
data = torch.bernoulli(torch.rand(steps, batch, 784) * 0.3)
targets = torch.randint(0, 10, (batch,))
adam = torch.optim.Adam(net.parameters(), lr=5e-4)


def forward():
    with torch.no_grad():
        net(data).sum(0).sum().item()


def train():
    adam.zero_grad()
    loss = nn.functional.cross_entropy(net(data).sum(0), targets)
    loss.backward()
    adam.step()


def median_ms(fn, runs=15):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


print(f"torch {torch.__version__}, {threads} thread(s)")
print(f"forward                 : {median_ms(forward):8.1f} ms")
print(f"forward + backward + Adam: {median_ms(train):8.1f} ms")
