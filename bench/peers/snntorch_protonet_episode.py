"""snnTorch on the same work as bench/Synaptic.ML.Benchmarks' PrototypicalEpisodeBenchmarks: one training
episode of a spiking prototypical network, 5-way 5-shot 15-query (100 images of 28x28), rate-coded over
T = 10 steps (spikegen.rate), conv 1->16 k5 -> max-pool 2 -> Leaky(beta 0.9) -> conv 16->32 k5 ->
max-pool 2 -> Leaky(beta 0.9), embedding = spike counts (32x4x4), fast-sigmoid surrogate (slope 25),
prototypes = mean support embedding, loss = cross-entropy over negative squared distances, one Adam step.
Prints the median of 15 episodes after 3 warm-up episodes.

    PYTHONPATH=/path/to/snntorch-checkout /usr/bin/python3 bench/peers/snntorch_protonet_episode.py [threads]
"""
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import snntorch as snn
from snntorch import spikegen, surrogate

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(0)
steps, ways, shots, queries = 10, 5, 5, 15


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        grad = surrogate.fast_sigmoid(slope=25)
        self.conv1 = nn.Conv2d(1, 16, 5)
        self.lif1 = snn.Leaky(beta=0.9, spike_grad=grad)
        self.conv2 = nn.Conv2d(16, 32, 5)
        self.lif2 = snn.Leaky(beta=0.9, spike_grad=grad)

    def forward(self, spikes):
        mem1 = self.lif1.init_leaky()
        mem2 = self.lif2.init_leaky()
        counts = 0
        for t in range(spikes.shape[0]):
            spk1, mem1 = self.lif1(F.max_pool2d(self.conv1(spikes[t]), 2), mem1)
            spk2, mem2 = self.lif2(F.max_pool2d(self.conv2(spk1), 2), mem2)
            counts = counts + spk2
        return counts.flatten(1)


net = Backbone()
adam = torch.optim.Adam(net.parameters(), lr=1e-3)
images = torch.rand(ways * (shots + queries), 1, 28, 28)
support_labels = torch.arange(ways).repeat_interleave(shots)
query_labels = torch.arange(ways).repeat_interleave(queries)


def episode():
    spikes = spikegen.rate(images, num_steps=steps)
    embeddings = net(spikes)
    support, query = embeddings[: ways * shots], embeddings[ways * shots:]
    prototypes = torch.stack([support[support_labels == k].mean(0) for k in range(ways)])
    logits = -torch.cdist(query, prototypes).pow(2)
    loss = F.cross_entropy(logits, query_labels)
    adam.zero_grad()
    loss.backward()
    adam.step()


for _ in range(3):
    episode()
times = []
for _ in range(15):
    start = time.perf_counter()
    episode()
    times.append(time.perf_counter() - start)
print(f"snnTorch, {torch.get_num_threads()} threads: one 5-way 5-shot 15-query training episode, T = {steps}: "
      f"median {statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
