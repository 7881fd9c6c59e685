"""PyTorch on the same work as bench/Synaptic.ML.Benchmarks' MamlMetaBatchBenchmarks: one second-order MAML meta-batch
(Finn et al., 2017) as Synaptic.ML's Trainers.Maml trains it. 4 tasks, each 5-way 1-shot with 15 queries per class, on
28x28 images (pixels uniform in [0, 1]); the paper's backbone, four conv 3x3 of 64 channels with padding 1 -> ReLU ->
2x2 max-pool (64 features), without batch normalisation, and a linear head of 5, all initialised uniform in
+-1/sqrt(fan_in); per task, one inner step of alpha = 0.4 on the support's cross-entropy with
torch.autograd.grad(create_graph=True), the adapted weights' query cross-entropy / 4 backpropagated to theta (one
backward per task, as the trainer does); then one Adam step (lr 1e-3, eps 1e-8). The four tasks are drawn once and
reused. Also first order (the support gradient detached), for information.

Prints, per thread count, the median of --runs meta-batches after --warmup untimed ones.

    /usr/bin/python3 bench/peers/maml_meta_batch.py [threads, e.g. 1 or 1,2] [--runs 30] [--warmup 5]
"""
import argparse
import math
import statistics
import time

import torch
import torch.nn.functional as F

WAYS, SHOTS, QUERIES, TASKS = 5, 1, 15, 4
CHANNELS, SIZE = [64, 64, 64, 64], 28
ALPHA, LEARNING_RATE = 0.4, 1e-3


def uniform(shape, fan_in, generator):
    bound = 1 / math.sqrt(fan_in)
    return ((torch.rand(*shape, generator=generator) * 2 - 1) * bound).requires_grad_()


def make_weights(generator):
    """theta: (conv weight, conv bias) per layer, then the head's weight and bias."""
    weights, inputs = [], 1
    for channels in CHANNELS:
        weights += [uniform((channels, inputs, 3, 3), inputs * 9, generator), uniform((channels,), inputs * 9, generator)]
        inputs = channels
    features = CHANNELS[-1] * (SIZE // 2 ** len(CHANNELS)) ** 2
    weights += [uniform((WAYS, features), features, generator), uniform((WAYS,), features, generator)]
    return weights


def logits(images, weights):
    x = images
    for layer in range(len(CHANNELS)):
        x = F.max_pool2d(F.relu(F.conv2d(x, weights[2 * layer], weights[2 * layer + 1], padding=1)), 2)
    return F.linear(x.flatten(1), weights[-2], weights[-1])


def make_tasks(generator):
    tasks = []
    for _ in range(TASKS):
        support = torch.rand(WAYS * SHOTS, 1, SIZE, SIZE, generator=generator)
        query = torch.rand(WAYS * QUERIES, 1, SIZE, SIZE, generator=generator)
        tasks.append((support, torch.arange(WAYS).repeat_interleave(SHOTS), query, torch.arange(WAYS).repeat_interleave(QUERIES)))
    return tasks


def meta_batch(weights, adam, tasks, second_order):
    adam.zero_grad()
    loss_sum = accuracy_sum = 0.0
    for support, support_labels, query, query_labels in tasks:
        support_loss = F.cross_entropy(logits(support, weights), support_labels)
        gradients = torch.autograd.grad(support_loss, weights, create_graph=second_order)
        adapted = [w - ALPHA * g for w, g in zip(weights, gradients)]
        query_logits = logits(query, adapted)
        query_loss = F.cross_entropy(query_logits, query_labels)
        (query_loss / len(tasks)).backward()
        loss_sum += query_loss.item()
        accuracy_sum += (query_logits.argmax(1) == query_labels).float().mean().item()
    adam.step()
    return loss_sum / len(tasks), accuracy_sum / len(tasks)


def median_ms(step, warmup, runs):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times), min(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("threads", nargs="?", default="1,2", help="comma-separated torch.set_num_threads values")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"torch {torch.__version__}; one MAML meta-batch: {TASKS} tasks {WAYS}-way {SHOTS}-shot {QUERIES}-query, "
          f"conv {CHANNELS} k3 p1 on {SIZE}x{SIZE}, 1 inner step alpha {ALPHA}, Adam; "
          f"median of {args.runs} after {args.warmup} warm-up")
    for threads in (int(t) for t in args.threads.split(",")):
        torch.set_num_threads(threads)
        for second_order in (True, False):
            generator = torch.Generator().manual_seed(0)
            weights = make_weights(generator)
            tasks = make_tasks(generator)
            adam = torch.optim.Adam(weights, lr=LEARNING_RATE, eps=1e-8)
            median, fastest, slowest = median_ms(lambda: meta_batch(weights, adam, tasks, second_order), args.warmup, args.runs)
            order = "second order" if second_order else "first order "
            print(f"threads {threads}  {order}: median {median:7.1f} ms (min {fastest:.1f}, max {slowest:.1f})")


if __name__ == "__main__":
    main()
