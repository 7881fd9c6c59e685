"""Stable-Baselines3 DQN with the RL Zoo's hyperparameters on CartPole-v1, Acrobot-v1 or MountainCar-v0, as the peer
of a Synaptic.ML DQN runner in bench/Synaptic.ML.Benchmarks (the DQN counterpart of sb3_ppo_cartpole.py, with the
same modes, options and JSON keys), so that the two can be compared like for like.

Settings (RL Baselines3 Zoo, hyperparams/dqn.yml at commit ce95481b041fe5314c1b2f1a53940d169b9253fc; every entry
MlpPolicy, one environment, DummyVecEnv + Monitor as the Zoo's make_vec_env builds it, CPU):
  env             n_timesteps  lr      batch  buffer   learning_starts  gamma  target_update  train_freq  gradient_steps  expl_fraction  expl_final  net_arch
  CartPole-v1     5e4          2.3e-3  64     100,000  1,000            0.99   10             256         128             0.16           0.04        [256, 256]
  Acrobot-v1      1e5          6.3e-4  128    50,000   0                0.99   250            4           -1 (= 4)        0.12           0.1         [256, 256]
  MountainCar-v0  1.2e5        4e-3    128    10,000   1,000            0.98   600            16          8               0.2            0.07        [256, 256]
SB3 DQN defaults that the Zoo leaves alone (and a counterpart must match): ReLU hidden layers, Adam (eps 1e-8),
Huber (smooth L1) loss, gradient norm clipped at 10, tau 1 (hard target copy), exploration from 1.0 falling linearly to
the final epsilon over expl_fraction x n_timesteps steps, random actions before learning_starts and no training until
the step count exceeds it. train_freq counts environment steps, and after each rollout of train_freq steps come
gradient_steps updates (-1: as many as the rollout's steps). The target network is copied every target_update
*environment* steps (DQN._on_step, during collection), not every that many gradient steps, so with CartPole's 10
against train_freq 256 every train() starts from a target equal to the online network.
The exploration schedule is kept in steps whatever learn()'s total is: SB3 scales exploration_fraction by the
total_timesteps given to learn(), so this script passes expl_fraction x n_timesteps / total.

The Zoo's published DQN figures (benchmark.md at commit 02a1a9014660a15ae2ecba900576ca2c51cf0ed7: one trained agent,
deterministic policy, ~150,000 evaluation steps): CartPole-v1 500.000 +- 0.000 (50k steps, 300 episodes),
Acrobot-v1 -76.639 +- 11.752 (100k, 1,932 episodes), MountainCar-v0 -100.849 +- 9.925 (120k, 1,487 episodes).

Modes (JSON on stdout):
  solve       per seed: train until the mean return of a deterministic evaluation (`--eval-episodes`, default 20 as in
              the PPO script, on its own environment seeded seed + 1,000,000) reaches the target (default the
              environment's reward_threshold: 475, -100, -110). An evaluation runs every `--eval-every-steps` env steps
              (default 2,000), from the per-step callback as SB3's EvalCallback does, i.e. mid-rollout: the network
              evaluated is the one after the last completed train() (for CartPole at step 2,000, trained on the
              rollouts up to 1,792). Evaluation time is measured and excluded. Reports steps to solve, seconds to solve
              without evaluation, and env steps/s over that training time (also per process CPU second, keys beyond
              the PPO script's, as the wall clock on a shared machine counts waiting for a core). Gives up, unsolved,
              at `--budget` (default 2 x the Zoo's n_timesteps; SB3 finishes the rollout under way, so CartPole
              stops at 100,096).
  throughput  per seed: DQN for `--throughput-steps` steps (default 10,000; the first learning_starts of them take
              random actions and do not train), no evaluation; env steps per wall second and per process CPU second
              over learn() (the model is built before the clock starts).
  final       per seed: the Zoo's n_timesteps of training, then `--final-episodes` (default 100) deterministic
              evaluation episodes; their mean and standard deviation, for comparison with the Zoo's figures above.
  both        solve and throughput.
`--threads 1,2` repeats everything for each torch thread count; `--repeats N` runs every seed N times and reports
medians.

The side-by-side comparison in docs/benchmarks.md ("DQN beside Stable-Baselines3") ran this script with OpenBLAS
installed system-wide (`apt-get install libopenblas0-pthread`, which takes over libblas.so.3) and
OPENBLAS_NUM_THREADS=1: `--mode solve --threads 1 --seeds N --eval-every-steps 2048 --flush-denormal`, one process per
seed 0-4 on an idle machine: 24,576 / 26,624 / 30,720 / 6,144 / 2,048 steps to solve in 42.1 / 44.7 / 51.1 / 9.4 /
1.8 s (median 42.1 s). Throughput over 10,000 steps, one thread: 587 env steps/s with --flush-denormal, 525 without,
248 on two threads. The figures below were taken earlier the same day on the reference BLAS, under load:

Measured 2026-12-01 on this project's 2-core Debian 12 build box while other people's builds and tests ran (load
average in brackets; wall seconds suffer most from that, hence the CPU seconds); stable-baselines3 2.3.2, gymnasium
0.29.1, Debian's torch 1.13.0a0, numpy 1.24.2, Python 3.11.2; CartPole-v1:
  throughput, seed 0, 10,000 steps (10,240: whole rollouts), `--mode throughput --threads 1,2 --seeds 0
  --throughput-steps 10000` [load 5-15]:
      1 thread   118.2 env steps/s, 146.7 per CPU second (86.6 s)
      2 threads   18.6 env steps/s,  32.6 per CPU second (552.0 s): two OpenMP threads on two busy cores wait on
                  each other; one thread is the setting to use here.
  solve, 1 thread, one process per seed, `--mode solve --threads 1 --seeds N` (20 episodes every 2,000 steps, target
  475) [load 4-10]:
      seed  steps to solve  seconds (wall)  CPU seconds  env steps/s  per CPU s
      0     6,000            48.50           33.46       123.7        179.3
      1     28,000          249.23          195.19       112.3        143.5
      2     32,000          219.20          213.87       146.0        149.6
      3     28,000          204.59          200.40       136.9        139.7
      4     2,000             7.23            6.86       276.8        291.5
      median 28,000 steps, 204.6 s (195.2 CPU s); all five solved. Between the first evaluation and the solving one
      the evaluations swing between ~40 and ~300 (e.g. seed 1: 36, 158, 110, 65, 138, ..., 141, then 500 at 28,000).
  The gradient steps dominate (cProfile: linear and backward ~ 80% of learn()), and Debian's python3-torch does its
  matrix products with the reference (netlib) BLAS behind libblas.so.3 (torch.__config__ says BLAS_INFO=generic).
  With OpenBLAS instead, for this process only (`apt-get download libopenblas0-openmp`, `dpkg-deb -x` it, and
  LD_LIBRARY_PATH=<that>/usr/lib/x86_64-linux-gnu/openblas-openmp), 2,048 steps ran at 868 env steps per CPU second
  against 255 (3.4x): a pip-installed torch (MKL) would be a much faster peer than these figures, so compare per-step
  costs with that in mind.
Acrobot-v1, `--env Acrobot-v1 --mode final --threads 1 --seeds 0` with the OpenBLAS above [load 2-4.5]: after the
Zoo's 100,000 steps (676.8 s of training, 148 env steps/s), 100 deterministic episodes returned -75.6 +- 10.7 (the
Zoo's published -76.6 +- 11.8).

Environment: as in sb3_ppo_cartpole.py (Debian's python3-torch, python3-numpy, python3-cloudpickle, python3-pandas,
python3-matplotlib, python3-typing-extensions; Stable-Baselines3 v2.3.2 and Gymnasium v0.29.1 as source trees, or
`pip install stable-baselines3==2.3.2 gymnasium==0.29.1 torch`).

Run (the Debian python, which sees the apt packages):
  PYTHONPATH=/tmp/peers/sb3:/tmp/peers/gymnasium /usr/bin/python3 bench/peers/sb3_dqn.py \
      --env CartPole-v1 --mode both --threads 1 --seeds 0,1,2,3,4
"""
import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np
from sb3_report import mark_fastest_threads, median_or_none, summarize_solve, summarize_throughput
import torch
import gymnasium
import stable_baselines3
from stable_baselines3 import DQN
from stable_baselines3.common.callbacks import BaseCallback
from stable_baselines3.common.env_util import make_vec_env
from stable_baselines3.common.evaluation import evaluate_policy
from stable_baselines3.common.vec_env import DummyVecEnv

# The Zoo's entries (hyperparams/dqn.yml), n_timesteps apart: it is the budget, not a DQN argument.
ZOO = {
    "CartPole-v1": {
        "n_timesteps": 50_000,
        "dqn": dict(learning_rate=2.3e-3, batch_size=64, buffer_size=100_000, learning_starts=1_000, gamma=0.99,
                    target_update_interval=10, train_freq=256, gradient_steps=128, exploration_fraction=0.16,
                    exploration_final_eps=0.04, policy_kwargs=dict(net_arch=[256, 256])),
    },
    "Acrobot-v1": {
        "n_timesteps": 100_000,
        "dqn": dict(learning_rate=6.3e-4, batch_size=128, buffer_size=50_000, learning_starts=0, gamma=0.99,
                    target_update_interval=250, train_freq=4, gradient_steps=-1, exploration_fraction=0.12,
                    exploration_final_eps=0.1, policy_kwargs=dict(net_arch=[256, 256])),
    },
    "MountainCar-v0": {
        "n_timesteps": 120_000,
        "dqn": dict(learning_rate=4e-3, batch_size=128, buffer_size=10_000, learning_starts=1_000, gamma=0.98,
                    target_update_interval=600, train_freq=16, gradient_steps=8, exploration_fraction=0.2,
                    exploration_final_eps=0.07, policy_kwargs=dict(net_arch=[256, 256])),
    },
}


def make_model(env_id, seed, total_timesteps):
    """The Zoo's DQN for `env_id`, to be trained by one learn(total_timesteps): its exploration fraction is rescaled so
    that epsilon still reaches its final value after the Zoo's fraction of the Zoo's n_timesteps, in steps."""
    zoo = ZOO[env_id]
    settings = dict(zoo["dqn"])
    settings["exploration_fraction"] = settings["exploration_fraction"] * zoo["n_timesteps"] / total_timesteps
    env = make_vec_env(env_id, n_envs=1, seed=seed, vec_env_cls=DummyVecEnv)
    return DQN("MlpPolicy", env, seed=seed, device="cpu", verbose=0, **settings)


def make_eval_env(env_id, seed):
    return make_vec_env(env_id, n_envs=1, seed=seed + 1_000_000, vec_env_cls=DummyVecEnv)


class SolveClock(BaseCallback):
    """Evaluates every `every_steps` environment steps (from on_step, before SB3 stores that step's transition, as
    EvalCallback does), keeps the evaluation time out of the training time, and stops training once the target is
    reached (the time to solve is taken at the evaluation)."""

    def __init__(self, eval_env, every_steps, episodes, target):
        super().__init__()
        self.eval_env = eval_env
        self.every_steps = every_steps
        self.episodes = episodes
        self.target = target
        self.start = None
        self.cpu_start = None
        self.evaluation_seconds = 0.0
        self.evaluation_cpu_seconds = 0.0
        self.evaluations = []
        self.solved = None

    def _on_training_start(self):
        self.start, self.cpu_start = time.perf_counter(), time.process_time()

    def _on_step(self):
        steps = self.num_timesteps
        if steps % self.every_steps != 0:
            return True
        begin, cpu_begin = time.perf_counter(), time.process_time()
        training_seconds = begin - self.start - self.evaluation_seconds
        training_cpu_seconds = cpu_begin - self.cpu_start - self.evaluation_cpu_seconds
        mean, _ = evaluate_policy(self.model, self.eval_env, n_eval_episodes=self.episodes, deterministic=True)
        self.evaluation_seconds += time.perf_counter() - begin
        self.evaluation_cpu_seconds += time.process_time() - cpu_begin
        self.evaluations.append({"steps": steps, "training_seconds": round(training_seconds, 4), "mean_return": float(mean)})
        if mean >= self.target:
            self.solved = {"steps": steps, "seconds": training_seconds, "cpu_seconds": training_cpu_seconds}
            return False
        return True


def solve(seed, args):
    model = make_model(args.env, seed, args.budget)
    clock = SolveClock(make_eval_env(args.env, seed), args.eval_every_steps, args.eval_episodes, args.target)
    model.learn(total_timesteps=args.budget, callback=clock)
    if clock.solved is None:
        return {"seed": seed, "solved": False, "steps": model.num_timesteps,
                "evaluation_seconds": round(clock.evaluation_seconds, 4), "evaluations": clock.evaluations}
    steps, seconds = clock.solved["steps"], clock.solved["seconds"]
    return {
        "seed": seed,
        "solved": True,
        "steps_to_solve": steps,
        "seconds_to_solve": round(seconds, 4),
        "env_steps_per_second": round(steps / seconds, 1),
        # Also per process CPU second (evaluations excluded too): on a shared machine the wall clock counts waiting.
        "cpu_seconds_to_solve": round(clock.solved["cpu_seconds"], 4),
        "env_steps_per_cpu_second": round(steps / clock.solved["cpu_seconds"], 1),
        "evaluation_seconds": round(clock.evaluation_seconds, 4),
        "evaluations": clock.evaluations,
    }


def throughput(seed, args):
    model = make_model(args.env, seed, args.throughput_steps)
    begin, cpu_begin = time.perf_counter(), time.process_time()
    model.learn(total_timesteps=args.throughput_steps)
    seconds, cpu_seconds = time.perf_counter() - begin, time.process_time() - cpu_begin
    # CPU seconds as well as wall seconds: on a shared machine the wall clock also counts time spent waiting for a core.
    return {"seed": seed, "steps": model.num_timesteps, "seconds": round(seconds, 4), "cpu_seconds": round(cpu_seconds, 4),
            "env_steps_per_second": round(model.num_timesteps / seconds, 1),
            "env_steps_per_cpu_second": round(model.num_timesteps / cpu_seconds, 1)}


def final(seed, args):
    budget = ZOO[args.env]["n_timesteps"]
    model = make_model(args.env, seed, budget)
    begin = time.perf_counter()
    model.learn(total_timesteps=budget)
    seconds = time.perf_counter() - begin
    mean, std = evaluate_policy(model, make_eval_env(args.env, seed), n_eval_episodes=args.final_episodes, deterministic=True)
    return {"seed": seed, "steps": model.num_timesteps, "training_seconds": round(seconds, 4),
            "episodes": args.final_episodes, "mean_return": round(float(mean), 3), "std_return": round(float(std), 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--env", choices=sorted(ZOO), default="CartPole-v1")
    parser.add_argument("--mode", choices=["solve", "throughput", "both", "final"], default="both")
    parser.add_argument("--threads", default="1", help="torch thread counts, comma-separated (default 1)")
    parser.add_argument("--seeds", default="0,1,2,3,4", help="comma-separated seeds (default 0,1,2,3,4)")
    parser.add_argument("--repeats", type=int, default=1, help="runs of every seed; medians are reported")
    parser.add_argument("--budget", type=int, default=None, help="solve: steps before giving up (default 2 x the Zoo's n_timesteps)")
    parser.add_argument("--eval-every-steps", type=int, default=2_000)
    parser.add_argument("--eval-episodes", type=int, default=20)
    parser.add_argument("--target", type=float, default=None, help="default: the environment's reward_threshold")
    parser.add_argument("--throughput-steps", type=int, default=10_000)
    parser.add_argument("--final-episodes", type=int, default=100)
    parser.add_argument("--flush-denormal", action="store_true",
                        help="torch.set_flush_denormal(True), as the Synaptic.ML runner does (subnormal floats as zero)")
    args = parser.parse_args()
    if args.budget is None:
        args.budget = 2 * ZOO[args.env]["n_timesteps"]
    if args.target is None:
        args.target = float(gymnasium.spec(args.env).reward_threshold)
    threads = [int(t) for t in args.threads.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.flush_denormal and not torch.set_flush_denormal(True):
        raise SystemExit("torch.set_flush_denormal(True) is not supported on this CPU")

    zoo = ZOO[args.env]
    report = {
        "library": "stable-baselines3 " + stable_baselines3.__version__,
        "torch": torch.__version__,
        "gymnasium": gymnasium.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "env": args.env,
        "flush_denormal": args.flush_denormal,
        "blas": torch.__config__.show().split("BLAS_INFO=")[1].split(",")[0] if "BLAS_INFO=" in torch.__config__.show() else None,
        "hyperparameters": {"n_timesteps": zoo["n_timesteps"], **zoo["dqn"]},
        "schedule": {"evaluate_every_steps": args.eval_every_steps, "evaluation_episodes": args.eval_episodes,
                     "target": args.target, "budget": args.budget},
        "runs": [],
    }
    for n in threads:
        torch.set_num_threads(n)
        entry = {"threads": n}
        if args.mode in ("solve", "both"):
            runs = [solve(seed, args) for _ in range(args.repeats) for seed in seeds]
            print(f"solve, {n} thread(s): done", file=sys.stderr)
            entry["solve"] = summarize_solve(runs, seeds)
        if args.mode in ("throughput", "both"):
            runs = [throughput(seed, args) for _ in range(args.repeats) for seed in seeds]
            print(f"throughput, {n} thread(s): done", file=sys.stderr)
            entry["throughput"] = summarize_throughput(runs)
        if args.mode == "final":
            runs = [final(seed, args) for _ in range(args.repeats) for seed in seeds]
            print(f"final, {n} thread(s): done", file=sys.stderr)
            entry["final"] = {"median_mean_return": statistics.median(r["mean_return"] for r in runs), "runs": runs}
        report["runs"].append(entry)
    mark_fastest_threads(report, args.mode, threads)
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
