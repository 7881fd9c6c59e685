"""The R-STDP training loop of Synaptic.ML's RewardModulatedStdpTrainer on LaneKeeping-v0, in NumPy: the peer of
bench/Synaptic.ML.Benchmarks/Plasticity/LaneKeepingSpikingBenchmarks.cs (docs/benchmarks.md, "R-STDP on LaneKeeping").

What it implements, with the trainer's default options and the same sizes:
- LaneKeeping-v0 (Synaptic.ML.Environments/Custom/LaneKeeping.cs, LaneKeepingRoad.cs): the default straight road,
  road-coordinate motion integrated in steps of 0.25, three ray sensors (-45, 0, +45 degrees, range 20) found by
  marching the ray and bisecting the edge crossing, reward 2*max(0, 1 - |x|/4) + 0.5 - 0.1*[action changed], -100 and
  termination when |x| > 4, truncation after 100 steps. Plain Python floats: the work is scalar and sequential.
- ON/OFF rate coding: each of the 3 sensors, scaled to u in [0, 1], drives two input neurons that spike with
  probability 0.5*u and 0.5*(1 - u) per step, through a fixed sparse non-negative projection W_in [100 x 6]
  (connectivity 0.25, weights uniform in [0, 6]).
- A fresh population per decision: 100 LIF neurons (80 excitatory, 20 inhibitory), tau 20, dt 1, threshold 1,
  reset 0, I_base 0.08, noise sigma 0.2, V <- V + (dt/tau)(W s[t-1] + I_in + I_base + noise - V), T = 100 steps.
  Per decision the input spikes, the noise and the input currents of the whole window are drawn and projected at
  once; the recurrent steps are a loop of 100 vectorised steps (a 100 x 100 matrix-vector product and boolean masks).
- Pathway readout: counts c = spikes of steps 0 .. T-2, score of pool a = sum over its 26 neurons i of
  sum_j W[i, j] c[j], winner-take-all (lowest index among ties).
- DecisionPathway tags E [78 x 100] <- 0.9 E + e (e = c/T on the chosen pool's rows, -c/(2T) on the others),
  a linear critic V(x) = v.x + b on x = c/T learned by normalised LMS (step 0.1), TD error
  delta = r + 0.95 V(x') - V(x) (x' from the next decision, also at the time limit; V(x') = 0 after a crash),
  and after every decision W[pool rows] += 0.001 * delta * E, then W clipped into [0.01, 0.9] (excitatory columns)
  and [-0.9, -0.01] (inhibitory columns), diagonal 0. Initial W: |w| uniform in [0, 0.1], then clipped.
- Pool synaptic scaling (Synaptic.ML's default since 2026-12-03): after every update each pool row's excitatory
  weights are multiplied back to their untrained sum, then W is clipped again.

It is not bit-identical to Synaptic.ML (NumPy's PCG64 and ziggurat instead of SplitMix64 and ours, float32 matrix
products that sum in BLAS order), but every decision does the same work. Refractory periods are not implemented
(the default is 0 steps).

Run (Debian's NumPy on OpenBLAS, `apt-get install python3-numpy libopenblas0-pthread`: on the default reference BLAS
the matrix-vector products make it ~1.6x slower; one BLAS/OpenMP thread unless --threads says otherwise, the variables
being set before NumPy is imported):
    /usr/bin/python3 bench/peers/rstdp_lane_keeping.py --episodes 500 --seed 1 --threads 1
    /usr/bin/python3 bench/peers/rstdp_lane_keeping.py --episodes 500 --seeds 1,2,3 --repeats 2 --threads 2

Prints, per run: episodes, decisions (environment steps, as the C# benchmark counts them), decision windows run
(one more per episode that reaches the time limit: its last observation is also decided, for the critic), neuron
steps (windows x 100), wall time of the training loop (set-up excluded), its CPU time (process time: on a shared
machine, what the run itself used) and the wall time spent in the environment, microseconds per decision window, and the mean return of the last 100 episodes. With several runs,
the median time at the end.
"""
import argparse
import math
import os
import statistics
import sys
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
parser.add_argument("--episodes", type=int, default=500)
parser.add_argument("--seed", type=int, default=1, help="seed of one run (ignored with --seeds)")
parser.add_argument("--seeds", type=str, default=None, help="comma-separated seeds, e.g. 1,2,3")
parser.add_argument("--repeats", type=int, default=1, help="runs per seed")
parser.add_argument("--threads", type=int, default=1, help="OMP/OpenBLAS/MKL threads, set before NumPy is imported")
args = parser.parse_args()
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread variables)

# Population (LifPopulation.Options defaults) and agent (RewardModulatedStdpTrainer.Options defaults).
N = 100
N_INHIBITORY = int(math.floor(N * 0.2))
N_EXCITATORY = N - N_INHIBITORY
TAU, DT, THRESHOLD, RESET = 20.0, 1.0, 1.0, 0.0
BASE_CURRENT, NOISE_STD = 0.08, 0.2
EXC_MIN, EXC_MAX, INH_MIN, INH_MAX = 0.01, 0.9, -0.9, -0.01
INITIAL_MAGNITUDE = 0.1
STEPS = 100                     # T, neuron steps per decision
INPUT_RATE = 0.5
INPUT_WEIGHT, INPUT_CONNECTIVITY = 6.0, 0.25
ACTIONS = 3
POOL = N_EXCITATORY // ACTIONS  # 26 neurons per motor pool; pools are neurons 0 .. 77
POOL_ROWS = ACTIONS * POOL
DECAY, GAMMA, CRITIC_STEP, LEARNING_RATE = 0.9, 0.95, 0.1, 0.001


class LaneKeeping:
    """LaneKeeping-v0 on its default straight road (the curvature profiles are ported too)."""

    HALF_WIDTH = 4.0
    INTEGRATION_STEP = 0.25
    CRASH_REWARD = -100.0
    OFFSET_RANGE = {"straight": 0.0, "gentle": 80.0, "sharp": 64.0, "complex": 1610.0}

    def __init__(self, profile="straight", length=100, speed=1.0, steering_step=0.15, sensor_range=20.0,
                 sensor_angle=math.pi / 4, start_spread=0.5):
        self.profile, self.length, self.speed = profile, length, speed
        self.steering_step, self.sensor_range, self.sensor_angle = steering_step, sensor_range, sensor_angle
        self.start_spread = start_spread
        self.offset, self.direction = 0.0, 1.0
        self.distance = self.lateral = self.heading = 0.0
        self.previous_action, self.steps = 1, 0

    def _base_curvature(self, u):
        p = self.profile
        if p == "gentle":
            return math.sin(2 * math.pi * u / 80) / 40
        if p == "sharp":
            w = u - 64 * math.floor(u / 64)
            return 0.0 if w < 16 else 0.1 if w < 32 else 0.0 if w < 48 else -0.1
        if p == "complex":
            w = u - 90 * math.floor(u / 90)
            pulse = 0.05 if 30 <= w < 42 else -0.05 if 66 <= w < 76 else 0.0
            return 0.035 * math.sin(2 * math.pi * u / 70) + 0.025 * math.sin(2 * math.pi * u / 23 + 1.3) + pulse
        return 0.0

    def _curvature(self, s):
        return self.direction * self._base_curvature(s + self.offset)

    def _step(self, s, x, angle, h):
        # One straight step of length h over a road arc of curvature kappa, mapped exactly to road coordinates.
        u, v = h * math.cos(angle), x + h * math.sin(angle)
        kappa = self._curvature(s + u / 2)
        q = math.sqrt(kappa * u * kappa * u + (1 - kappa * v) * (1 - kappa * v))
        x = (2 * v - kappa * (u * u + v * v)) / (1 + q)
        beta = math.atan2(kappa * u, 1 - kappa * v)
        s += u if kappa == 0 else beta / kappa
        return s, x, angle - beta

    def _sense(self, offset):
        s, x, angle, limit = self.distance, self.lateral, self.heading + offset, self.sensor_range
        if abs(x) >= self.HALF_WIDTH:
            return 0.0
        travelled = 0.0
        while travelled < limit:
            h = min(self.INTEGRATION_STEP, limit - travelled)
            s1, x1, angle1 = self._step(s, x, angle, h)
            if abs(x1) >= self.HALF_WIDTH:
                inside, outside = 0.0, h
                for _ in range(25):
                    middle = (inside + outside) / 2
                    if abs(self._step(s, x, angle, middle)[1]) >= self.HALF_WIDTH:
                        outside = middle
                    else:
                        inside = middle
                return min(limit, travelled + (inside + outside) / 2)
            s, x, angle = s1, x1, angle1
            travelled += h
        return limit

    def _observe(self):
        a = self.sensor_angle
        return np.array([self._sense(-a), self._sense(0.0), self._sense(a)], dtype=np.float32)

    def reset(self, rng):
        self.offset = rng.random() * self.OFFSET_RANGE[self.profile]
        self.direction = -1.0 if rng.random() < 0.5 else 1.0
        self.distance, self.heading = 0.0, 0.0
        self.lateral = (2 * rng.random() - 1) * self.start_spread
        self.previous_action, self.steps = 1, 0
        return self._observe()

    def step(self, action):
        """Returns (observation, reward, terminated, truncated)."""
        self.heading = math.remainder(self.heading + (action - 1) * self.steering_step, 2 * math.pi)
        s, x, angle, remaining = self.distance, self.lateral, self.heading, self.speed
        while remaining > 0:
            h = min(self.INTEGRATION_STEP, remaining)
            s, x, angle = self._step(s, x, angle, h)
            remaining -= h
        self.distance, self.lateral, self.heading = s, x, math.remainder(angle, 2 * math.pi)
        changed = action != self.previous_action
        self.previous_action = action
        self.steps += 1
        observation = self._observe()
        truncated = self.steps >= self.length
        if abs(self.lateral) > self.HALF_WIDTH:
            return observation, self.CRASH_REWARD, True, truncated
        reward = 2 * max(0.0, 1 - abs(self.lateral) / self.HALF_WIDTH) + 0.5 - (0.1 if changed else 0.0)
        return observation, reward, False, truncated


class Agent:
    """Input projection, recurrent weights, decision tags and critic of one training run."""

    def __init__(self, rng):
        present = rng.random((N, 6)) < INPUT_CONNECTIVITY
        self.w_in_t = np.where(present, rng.random((N, 6)) * INPUT_WEIGHT, 0.0).astype(np.float32).T.copy()  # [6 x N]
        columns = np.arange(N)
        self.low = np.where(columns < N_EXCITATORY, EXC_MIN, INH_MIN).astype(np.float32)
        self.high = np.where(columns < N_EXCITATORY, EXC_MAX, INH_MAX).astype(np.float32)
        magnitude = (rng.random((N, N)) * INITIAL_MAGNITUDE).astype(np.float32)
        self.w = np.where(columns < N_EXCITATORY, magnitude, -magnitude).astype(np.float32)
        self.enforce_constraints()
        self.pool_targets = self.w[:POOL_ROWS, :N_EXCITATORY].sum(axis=1, dtype=np.float32)[:, None]
        self.tags = np.zeros((ACTIONS, POOL, N), dtype=np.float32)
        self.critic = np.zeros(N)  # v
        self.bias = 0.0            # b
        self.tag_weight = np.empty(ACTIONS, dtype=np.float32)

    def enforce_constraints(self):
        np.clip(self.w, self.low, self.high, out=self.w)
        np.fill_diagonal(self.w, 0.0)

    def decide(self, observation, rng):
        """One decision window: returns (action, counts c of steps 0 .. T-2)."""
        u = np.clip(observation / np.float32(20.0), 0.0, 1.0)
        level = np.empty(6, dtype=np.float32)
        level[0::2] = INPUT_RATE * u
        level[1::2] = INPUT_RATE * (1 - u)
        # The window's input spikes and noise, drawn at once: current[t] = W_in s_in[t] + sigma*xi[t] + I_base.
        spikes_in = (rng.random((STEPS, 6), dtype=np.float32) < level).astype(np.float32)
        current = spikes_in @ self.w_in_t
        current += NOISE_STD * rng.standard_normal((STEPS, N), dtype=np.float32)
        current += np.float32(BASE_CURRENT)
        w = self.w
        v = np.zeros(N, dtype=np.float32)
        s = np.zeros(N, dtype=np.float32)
        counts = np.zeros(N, dtype=np.float32)
        k = np.float32(DT / TAU)
        for t in range(STEPS):
            drive = w @ s           # I_syn = W s[t-1]
            drive += current[t]
            drive -= v
            drive *= k
            v += drive              # forward Euler
            fired = v >= THRESHOLD
            v[fired] = RESET
            s = fired.astype(np.float32)
            if t < STEPS - 1:       # the pathway of step t + 1 reads step t's spikes
                counts += s
        scores = (w[:POOL_ROWS] @ counts.astype(np.float64)).reshape(ACTIONS, POOL).sum(axis=1)
        return int(np.argmax(scores)), counts

    def tag(self, chosen, counts):
        """E <- lambda E + e: +c/T on the chosen pool's rows, -c/(T (A - 1)) on the others'."""
        self.tag_weight.fill(-1.0 / STEPS / (ACTIONS - 1))
        self.tag_weight[chosen] = 1.0 / STEPS
        self.tags *= np.float32(DECAY)
        self.tags += self.tag_weight[:, None, None] * counts

    def value(self, x):
        return float(self.critic @ x) + self.bias

    def learn_critic(self, x, error):
        x = x.astype(np.float64)
        scale = CRITIC_STEP * error / (1.0 + x @ x)
        self.critic += scale * x
        self.bias += scale

    def apply_dopamine(self, scale):
        self.w[:POOL_ROWS] += np.float32(scale) * self.tags.reshape(POOL_ROWS, N)
        self.enforce_constraints()
        pools = self.w[:POOL_ROWS, :N_EXCITATORY]
        pools *= self.pool_targets / pools.sum(axis=1, dtype=np.float32)[:, None]
        self.enforce_constraints()


def train(episodes, seed):
    """One training run; returns a dict of counts, times and returns."""
    rng = np.random.default_rng(seed)
    agent = Agent(rng)
    env = LaneKeeping()
    returns = []
    decisions = windows = 0
    environment_seconds = 0.0
    inv_steps = np.float32(1.0 / STEPS)
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(episodes):
        clock = time.perf_counter()
        observation = env.reset(rng)
        environment_seconds += time.perf_counter() - clock
        agent.tags.fill(0.0)
        chosen, counts = agent.decide(observation, rng)
        windows += 1
        x = counts * inv_steps
        total = 0.0
        while True:
            agent.tag(chosen, counts)
            clock = time.perf_counter()
            observation, reward, terminated, truncated = env.step(chosen)
            environment_seconds += time.perf_counter() - clock
            decisions += 1
            total += reward
            following = 0.0
            if not terminated:
                # Also at the time limit: the last observation's value is what the episode would have gone on to earn.
                next_chosen, counts = agent.decide(observation, rng)
                windows += 1
                next_x = counts * inv_steps
                following = agent.value(next_x)
            error = reward + GAMMA * following - agent.value(x)
            agent.learn_critic(x, error)
            if error != 0.0:
                agent.apply_dopamine(np.float32(LEARNING_RATE) * np.float32(error))
            if terminated or truncated:
                break
            x, chosen = next_x, next_chosen
        returns.append(total)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    return {"episodes": episodes, "decisions": decisions, "windows": windows, "seconds": seconds, "cpu_seconds": cpu_seconds,
            "environment_seconds": environment_seconds, "last100": float(np.mean(returns[-100:]))}


def main():
    seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else [args.seed]
    print(f"NumPy {np.__version__}, Python {sys.version.split()[0]}, {args.threads} thread(s) "
          f"(OMP_NUM_THREADS=OPENBLAS_NUM_THREADS={args.threads})")
    times = []
    for seed in seeds:
        for _ in range(args.repeats):
            r = train(args.episodes, seed)
            times.append(r["seconds"])
            print(f"seed {seed}: {r['episodes']} episodes, {r['decisions']:,} decisions, {r['windows']:,} decision windows "
                  f"({r['windows'] * STEPS:,} neuron steps), {r['seconds']:.2f} s "
                  f"(CPU {r['cpu_seconds']:.2f} s; environment {r['environment_seconds']:.2f} s), {r['seconds'] / r['windows'] * 1e6:.1f} us per window, "
                  f"mean return of the last 100 episodes {r['last100']:.1f}", flush=True)
    if len(times) > 1:
        print(f"median of {len(times)} runs: {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
