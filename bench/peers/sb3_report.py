"""The JSON report shared by the Stable-Baselines3 peer scripts (sb3_ppo_cartpole.py, sb3_dqn.py): per-seed and
overall medians of solve runs, medians of throughput runs, and the fastest thread count. The keys match what
bench/Synaptic.ML.Benchmarks' SolveBesideSb3 runner prints, so the two sides can be read the same way."""
import statistics


def median_or_none(values):
    return statistics.median(values) if values else None


def summarize_solve(runs, seeds):
    """Per seed: runs that solved, distinct steps to solve, median seconds and env steps/s (and median CPU seconds
    when the runs carry them); overall: medians over the solved runs, and the runs themselves."""
    cpu = any("cpu_seconds_to_solve" in r for r in runs)
    per_seed = []
    for seed in seeds:
        mine = [r for r in runs if r["seed"] == seed and r["solved"]]
        row = {
            "seed": seed,
            "solved_runs": len(mine),
            "steps_to_solve": sorted({r["steps_to_solve"] for r in mine}),
            "median_seconds_to_solve": median_or_none([r["seconds_to_solve"] for r in mine]),
            "median_env_steps_per_second": median_or_none([r["env_steps_per_second"] for r in mine]),
        }
        if cpu:
            row["median_cpu_seconds_to_solve"] = median_or_none([r["cpu_seconds_to_solve"] for r in mine if r.get("cpu_seconds_to_solve") is not None])
        per_seed.append(row)
    solved = [r for r in runs if r["solved"]]
    summary = {
        "per_seed": per_seed,
        "median_steps_to_solve": median_or_none([r["steps_to_solve"] for r in solved]),
        "median_seconds_to_solve": median_or_none([r["seconds_to_solve"] for r in solved]),
    }
    if cpu:
        summary["median_cpu_seconds_to_solve"] = median_or_none([r["cpu_seconds_to_solve"] for r in solved if r.get("cpu_seconds_to_solve") is not None])
    summary["runs"] = runs
    return summary


def summarize_throughput(runs):
    return {"median_env_steps_per_second": statistics.median(r["env_steps_per_second"] for r in runs),
            "median_env_steps_per_cpu_second": statistics.median(r["env_steps_per_cpu_second"] for r in runs),
            "runs": runs}


def mark_fastest_threads(report, mode, threads):
    """Names the thread count with the best median throughput, when throughput ran for several."""
    if mode in ("throughput", "both") and len(threads) > 1:
        best = max(report["runs"], key=lambda e: e["throughput"]["median_env_steps_per_second"])
        report["fastest_threads_by_throughput"] = best["threads"]
