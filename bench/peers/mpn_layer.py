"""PyTorch on the same work as bench/Synaptic.ML.Benchmarks' MultiPlasticityLayerBenchmarks: one multi-plasticity
layer (Aitken & Mihalas 2023) forward + backward over T = 100 steps, batch B = 32, hidden H = 64, input I = 32 with
the bias input (x extended by a constant 1, so W and M have C = 33 columns), tanh, fixed lambda = 0.95 and
eta = 0.05, no bound, M_0 = 0; loss = sum of h over all steps + sum of M_T. Per step, as the layer computes it:
a = b + (W * (M + 1)) @ x~, h = tanh(a), M = lambda * M + eta * h x~^T.

Two implementations: the straightforward eager one (autograd records every op) and the same loop compiled with
torch.jit.script. Prints the median of --runs timed repetitions after --warmup untimed ones, for each thread count.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peers/mpn_layer.py --threads 1,2
"""
import argparse
import math
import statistics
import time
from typing import List, Tuple

import torch

STEPS, BATCH, HIDDEN, INPUTS = 100, 32, 64, 32
DECAY, RATE = 0.95, 0.05


def mpn_forward(x: torch.Tensor, m: torch.Tensor, w: torch.Tensor, b: torch.Tensor,
                decay: float, rate: float) -> Tuple[torch.Tensor, torch.Tensor]:
    ones = torch.ones(x.shape[0], x.shape[1], 1, dtype=x.dtype)
    x = torch.cat([x, ones], dim=-1)
    hidden: List[torch.Tensor] = []
    for t in range(x.shape[0]):
        xt = x[t]
        a = torch.bmm(w * (m + 1), xt.unsqueeze(2)).squeeze(2) + b
        h = torch.tanh(a)
        m = decay * m + rate * h.unsqueeze(2) * xt.unsqueeze(1)
        hidden.append(h)
    return torch.stack(hidden), m


scripted_forward = torch.jit.script(mpn_forward)


def make_step(forward):
    generator = torch.Generator().manual_seed(0)
    limit = 1 / math.sqrt(INPUTS + 1)
    w = ((torch.rand(HIDDEN, INPUTS + 1, generator=generator) * 2 - 1) * limit).requires_grad_()
    b = ((torch.rand(HIDDEN, generator=generator) * 2 - 1) * limit).requires_grad_()
    x = torch.rand(STEPS, BATCH, INPUTS, generator=generator) * 2 - 1

    def step():
        w.grad = None
        b.grad = None
        m0 = torch.zeros(BATCH, HIDDEN, INPUTS + 1)
        h, m = forward(x, m0, w, b, DECAY, RATE)
        (h.sum() + m.sum()).backward()
        return w.grad

    return step


def median_ms(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", default="1,2", help="comma-separated torch.set_num_threads values")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    # The two implementations compute the same thing.
    e = make_step(mpn_forward)()
    s = make_step(scripted_forward)()
    assert torch.allclose(e, s, rtol=1e-5, atol=1e-6), "eager and scripted gradients differ"
    print(f"torch {torch.__version__}; T={STEPS}, B={BATCH}, H={HIDDEN}, I={INPUTS} (+1 bias input, C={INPUTS + 1}), "
          f"forward + backward, median of {args.runs} after {args.warmup} warm-up")
    for threads in (int(t) for t in args.threads.split(",")):
        torch.set_num_threads(threads)
        for name, forward in (("eager", mpn_forward), ("jit.script", scripted_forward)):
            print(f"threads {threads}  {name:10s}: {median_ms(make_step(forward), args.warmup, args.runs):8.2f} ms")


if __name__ == "__main__":
    main()
