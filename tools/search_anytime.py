#!/usr/bin/env python3
"""Anytime curves of `tune`: the best validation accuracy against wall time, for each sampler and
seed, on one spec at equal budget; then the chosen model's test accuracy.

    python3 tools/search_anytime.py --jar target/lenet5.jar --spec SPEC --data-dir MNIST_DIR \
        --out DIR [--samplers random tpe] [--seeds 1 2] [--iterations 2] [--plot FILE.png]

Each run copies the spec with its seed, sampler and Hyperband iterations replaced, trains it into
DIR/SAMPLER-seedN with `--no-tensorboard`, and stamps each "trial ... done" line with the seconds
since the run started. Writes DIR/anytime.csv (sampler, seed, seconds, trial, score, best) and
DIR/summary.csv (sampler, seed, wall seconds, trials, best validation accuracy, test accuracy), and
the PNG when matplotlib is installed (tools/plot_anytime.py, which also draws other tools'
curves beside these). Uses only the standard library otherwise.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time

DONE = re.compile(r"^trial (\d+) done: \S+ ([0-9.]+); best ([0-9.]+)")


def run(args, sampler, seed):
    with open(args.spec) as f:
        spec = json.load(f)
    spec["seed"] = seed
    spec["tuner"]["iterations"] = args.iterations
    spec["tuner"]["sampler"] = sampler
    name = f"{sampler}-seed{seed}"
    out = os.path.join(args.out, name)
    spec["output"] = {"directory": out, "ifExists": "overwrite"}
    spec_file = os.path.join(args.out, name + ".json")
    with open(spec_file, "w") as f:
        json.dump(spec, f, indent=2)
    command = ["java", "-jar", args.jar, "tune", "--spec", spec_file,
               "--data-dir", args.data_dir, "--no-tensorboard"]
    start = time.monotonic()
    points = []
    with subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as p:
        for line in p.stderr:
            m = DONE.match(line)
            if m:
                points.append((time.monotonic() - start, m.group(1), float(m.group(2)),
                               float(m.group(3))))
                print(f"{name} {points[-1][0]:7.1f} s trial {m.group(1)} best {m.group(3)}",
                      flush=True)
        p.wait()
        if p.returncode != 0:
            sys.exit(f"{name}: tune exited with {p.returncode}")
    wall = time.monotonic() - start
    with open(os.path.join(out, "best", "metrics.json")) as f:
        metrics = json.load(f)
    return points, wall, metrics


def test_accuracy(metrics):
    for key in ("testAccuracy", "test_accuracy"):
        if key in metrics:
            return metrics[key]
    for value in metrics.values():
        if isinstance(value, dict):
            found = test_accuracy(value)
            if found is not None:
                return found
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--samplers", nargs="+", default=["random", "tpe"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--iterations", type=int, default=2)
    parser.add_argument("--plot")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    curves, summary = [], []
    for seed in args.seeds:
        for sampler in args.samplers:
            points, wall, metrics = run(args, sampler, seed)
            curves += [(sampler, seed) + p for p in points]
            summary.append((sampler, seed, round(wall, 1), len(points), max(p[3] for p in points),
                            test_accuracy(metrics)))
    with open(os.path.join(args.out, "anytime.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sampler", "seed", "seconds", "trial", "score", "best"])
        w.writerows([(s, seed, round(t, 1), trial, score, best)
                     for s, seed, t, trial, score, best in curves])
    with open(os.path.join(args.out, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sampler", "seed", "wall_seconds", "trials", "best_val_accuracy",
                    "test_accuracy"])
        w.writerows(summary)
    for row in summary:
        print(",".join(str(v) for v in row))
    if args.plot:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            print("matplotlib is not installed: no plot", file=sys.stderr)
            return
        from plot_anytime import plot, read
        plot(read([os.path.join(args.out, "anytime.csv")]), args.plot)

if __name__ == "__main__":
    main()
