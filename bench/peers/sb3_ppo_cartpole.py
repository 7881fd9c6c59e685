"""Stable-Baselines3 PPO on CartPole-v1 with the RL Zoo's hyperparameters, on the same schedule as
bench/Synaptic.ML.Benchmarks' `--ppo-solve-beside-sb3` runner (PpoSolveBesideSb3.cs), so the two can be
compared like for like.

Settings (RL Baselines3 Zoo, hyperparams/ppo.yml, CartPole-v1; the same as PpoPresets.CartPole()):
n_envs 8 (DummyVecEnv, Monitor-wrapped as the Zoo's make_vec_env does), n_steps 32, batch_size 256,
n_epochs 20, gae_lambda 0.8, gamma 0.98, ent_coef 0, learning rate lin_1e-3, clip range lin_0.2, budget 1e5
steps (the linear schedules decay over it), MlpPolicy ([64, 64] tanh, separate actor and critic), CPU.

Modes (JSON on stdout):
  solve       per seed: train until the mean return of a deterministic evaluation reaches the target. An
              evaluation runs after every `--eval-every-updates` updates (39 x 256 = 9,984 steps), as the
              Synaptic.ML trainer's EvaluationInterval does: after the PPO update, not mid-rollout as SB3's
              EvalCallback would. Evaluation time is measured and excluded. Reports steps to solve, seconds
              to solve without evaluation, and env steps/s over that training time.
  throughput  per seed: PPO for `--throughput-steps` steps, no evaluation; env steps per wall second and per
              process CPU second over learn() (the model is built before the clock starts).
  both        both of the above.
`--threads 1,2` repeats everything for each torch thread count; `--repeats N` runs every seed N times and
reports medians.

Environment (PyPI is not needed; this is how it was set up on Debian 12 "bookworm"):
  apt-get update
  apt-get install -y python3-torch python3-numpy python3-cloudpickle python3-pandas python3-matplotlib \
      python3-typing-extensions                      # torch 1.13.0a0, numpy 1.24.2 on bookworm
  # Stable-Baselines3 v2.3.2 (commit 285e01f64aa8ba4bd15aa339c45876d56ed0c3b4) and Gymnasium v0.29.1
  # (commit 7cf49527c945297f0bfeb89edab417d87819ab00; SB3 2.3.2 requires gymnasium>=0.28.1,<0.30), as source:
  git clone --depth 1 --branch v2.3.2 https://github.com/DLR-RM/stable-baselines3 /tmp/peers/sb3
  git clone --depth 1 --branch v0.29.1 https://github.com/Farama-Foundation/Gymnasium /tmp/peers/gymnasium
  # (Any copy of those tags' trees will do, e.g. `git archive v2.3.2 | tar -x -C /tmp/peers/sb3` from a mirror;
  # only the stable_baselines3/ and gymnasium/ packages are used. Gymnasium's optional farama-notifications
  # import is guarded, so that package need not be installed.)
  # Or, with pip: pip install stable-baselines3==2.3.2 gymnasium==0.29.1 torch

Run (the Debian python, which sees the apt packages):
  PYTHONPATH=/tmp/peers/sb3:/tmp/peers/gymnasium /usr/bin/python3 bench/peers/sb3_ppo_cartpole.py \
      --mode both --threads 1,2 --seeds 0,1,2,3 --repeats 2
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
from stable_baselines3 import PPO
from stable_baselines3.common.callbacks import BaseCallback
from stable_baselines3.common.env_util import make_vec_env
from stable_baselines3.common.evaluation import evaluate_policy
from stable_baselines3.common.vec_env import DummyVecEnv

ENV_ID = "CartPole-v1"
N_ENVS = 8
N_STEPS = 32
STEPS_PER_UPDATE = N_ENVS * N_STEPS


def linear(initial):
    """The Zoo's lin_<x>: SB3 passes the fraction of the budget still remaining (1 at the start, 0 at the end)."""
    return lambda progress_remaining: progress_remaining * initial


def make_model(seed, budget_env_seed):
    env = make_vec_env(ENV_ID, n_envs=N_ENVS, seed=budget_env_seed, vec_env_cls=DummyVecEnv)
    return PPO(
        "MlpPolicy",
        env,
        n_steps=N_STEPS,
        batch_size=256,
        n_epochs=20,
        gae_lambda=0.8,
        gamma=0.98,
        ent_coef=0.0,
        learning_rate=linear(1e-3),
        clip_range=linear(0.2),
        seed=seed,
        device="cpu",
        verbose=0,
    )


class SolveClock(BaseCallback):
    """Evaluates after every `every_updates` PPO updates, i.e. at the start of the following rollout (SB3 calls
    on_rollout_start after train()), keeps the evaluation time out of the training time, and stops training at the
    next step once the target is reached (the time to solve is taken at the evaluation, so that step is not counted)."""

    def __init__(self, eval_env, every_updates, episodes, target):
        super().__init__()
        self.eval_env = eval_env
        self.every_steps = every_updates * STEPS_PER_UPDATE
        self.episodes = episodes
        self.target = target
        self.start = None
        self.evaluation_seconds = 0.0
        self.evaluations = []
        self.solved = None

    def _on_training_start(self):
        self.start = time.perf_counter()

    def _on_rollout_start(self):
        self._evaluate_if_due()

    def _on_training_end(self):
        # The last update of the budget has no following rollout.
        self._evaluate_if_due()

    def _evaluate_if_due(self):
        steps = self.num_timesteps
        if self.solved is not None or steps == 0 or steps % self.every_steps != 0:
            return
        if self.evaluations and self.evaluations[-1]["steps"] == steps:
            return
        begin = time.perf_counter()
        training_seconds = begin - self.start - self.evaluation_seconds
        mean, _ = evaluate_policy(self.model, self.eval_env, n_eval_episodes=self.episodes, deterministic=True)
        self.evaluation_seconds += time.perf_counter() - begin
        self.evaluations.append({"steps": steps, "training_seconds": round(training_seconds, 4), "mean_return": float(mean)})
        if mean >= self.target:
            self.solved = {"steps": steps, "seconds": training_seconds}

    def _on_step(self):
        return self.solved is None


def solve(seed, args):
    model = make_model(seed, seed)
    eval_env = make_vec_env(ENV_ID, n_envs=1, seed=seed + 1_000_000, vec_env_cls=DummyVecEnv)
    clock = SolveClock(eval_env, args.eval_every_updates, args.eval_episodes, args.target)
    model.learn(total_timesteps=args.budget, callback=clock)
    if clock.solved is None:
        return {"seed": seed, "solved": False, "steps": model.num_timesteps, "evaluations": clock.evaluations}
    steps, seconds = clock.solved["steps"], clock.solved["seconds"]
    return {
        "seed": seed,
        "solved": True,
        "steps_to_solve": steps,
        "seconds_to_solve": round(seconds, 4),
        "env_steps_per_second": round(steps / seconds, 1),
        "evaluation_seconds": round(clock.evaluation_seconds, 4),
        "evaluations": clock.evaluations,
    }


def throughput(seed, args):
    model = make_model(seed, seed)
    begin, cpu_begin = time.perf_counter(), time.process_time()
    model.learn(total_timesteps=args.throughput_steps)
    seconds, cpu_seconds = time.perf_counter() - begin, time.process_time() - cpu_begin
    # CPU seconds as well as wall seconds: on a shared machine the wall clock also counts time spent waiting for a core.
    return {"seed": seed, "steps": model.num_timesteps, "seconds": round(seconds, 4), "cpu_seconds": round(cpu_seconds, 4),
            "env_steps_per_second": round(model.num_timesteps / seconds, 1),
            "env_steps_per_cpu_second": round(model.num_timesteps / cpu_seconds, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["solve", "throughput", "both"], default="both")
    parser.add_argument("--threads", default="1", help="torch thread counts, comma-separated (default 1)")
    parser.add_argument("--seeds", default="0,1,2,3", help="comma-separated seeds (default 0,1,2,3)")
    parser.add_argument("--repeats", type=int, default=1, help="runs of every seed; medians are reported")
    parser.add_argument("--budget", type=int, default=100_000, help="step budget the linear schedules decay over")
    parser.add_argument("--eval-every-updates", type=int, default=39, help="39 x 256 = 9,984 steps")
    parser.add_argument("--eval-episodes", type=int, default=20)
    parser.add_argument("--target", type=float, default=475.0)
    parser.add_argument("--throughput-steps", type=int, default=50_000)
    args = parser.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]

    report = {
        "library": "stable-baselines3 " + stable_baselines3.__version__,
        "torch": torch.__version__,
        "gymnasium": gymnasium.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "schedule": {"evaluate_every_steps": args.eval_every_updates * STEPS_PER_UPDATE, "evaluation_episodes": args.eval_episodes,
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
        report["runs"].append(entry)
    mark_fastest_threads(report, args.mode, threads)
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
