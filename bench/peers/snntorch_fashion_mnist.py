"""snnTorch's tutorial classifier on 10-class Fashion-MNIST, the peer of `fashion-mnist snn` in Synaptic.ML.Samples:
a 784-1000-10 fully connected Leaky network (beta 0.95, fast-sigmoid surrogate slope 25), T = 25 steps of rate-coded
pixels (spikegen.rate), cross-entropy on output spike counts (SF.ce_count_loss), Adam (lr 5e-4, betas 0.9/0.999),
batches of 128 shuffled each epoch; test accuracy by spike count (the first maximum on ties), rate-coding the test
images as well. Reads the same IDX files as Synaptic.ML (Debian's dataset-fashion-mnist).

    PYTHONPATH=<snntorch checkout> /usr/bin/python3 bench/peers/snntorch_fashion_mnist.py [epochs] [threads] [seed]

The thread argument sets PyTorch's threads and OpenBLAS's; an OPENBLAS_NUM_THREADS already in the environment wins,
e.g. `OPENBLAS_NUM_THREADS=2 ... snntorch_fashion_mnist.py 1 1 1` (PyTorch on one thread, OpenBLAS on two: the fastest
setting on a 2-core AMD EPYC, where the two pools contend when both have two).

Prints one line per epoch: the training seconds of the epoch (data shuffling, coding, forward, backward, Adam; not
the test pass), the mean training loss, and the test accuracy after it.
"""
import gzip
import os
import sys
import time

# The BLAS threads follow the thread argument too (OpenBLAS reads these before torch loads it); without them
# OpenBLAS uses every core whatever torch.set_num_threads says.
if len(sys.argv) > 2:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", sys.argv[2])
    os.environ.setdefault("OMP_NUM_THREADS", sys.argv[2])

import numpy as np
import torch
import torch.nn as nn
import snntorch as snn
import snntorch.functional as SF
from snntorch import spikegen, surrogate

DATA = "/usr/share/datasets/fashion-mnist"
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
torch.set_num_threads(threads)
torch.manual_seed(seed)
steps, batch = 25, 128


def idx(name, offset):
    with gzip.open(f"{DATA}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


train_x = torch.tensor(idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784), dtype=torch.float32) / 255
train_y = torch.tensor(idx("train-labels-idx1-ubyte.gz", 8), dtype=torch.int64)
test_x = torch.tensor(idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784), dtype=torch.float32) / 255
test_y = torch.tensor(idx("t10k-labels-idx1-ubyte.gz", 8), dtype=torch.int64)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        grad = surrogate.fast_sigmoid(slope=25)
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
optimizer = torch.optim.Adam(net.parameters(), lr=5e-4, betas=(0.9, 0.999))
loss_fn = SF.ce_count_loss()

for epoch in range(1, epochs + 1):
    start = time.perf_counter()
    order = torch.randperm(len(train_y))
    total, batches = 0.0, 0
    net.train()
    for b in range(0, len(order), batch):
        rows = order[b:b + batch]
        spikes = net(spikegen.rate(train_x[rows], num_steps=steps))
        loss = loss_fn(spikes, train_y[rows])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
        batches += 1
    seconds = time.perf_counter() - start
    correct = 0
    net.eval()
    with torch.no_grad():
        for b in range(0, len(test_y), 1000):
            counts = net(spikegen.rate(test_x[b:b + 1000], num_steps=steps)).sum(0)
            correct += (counts.argmax(1) == test_y[b:b + 1000]).sum().item()
    print(f"epoch {epoch}: {seconds:.1f} s training, loss {total / batches:.4f}, "
          f"test accuracy {100 * correct / len(test_y):.2f}% ({threads} thread(s), seed {seed})", flush=True)
