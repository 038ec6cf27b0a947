#!/usr/bin/env python3
"""Anytime curves side by side: the best validation accuracy so far against wall time, one line
per method and seed, from the CSV files tools/search_anytime.py, tools/keras_tuner_search.py and
tools/optuna_search.py write (method or sampler, seed, seconds, trial, score, best).

    python3 tools/plot_anytime.py --out FILE.png CSV [CSV ...]

Needs matplotlib (in the venv of BENCHMARKS.md).
"""
import argparse
import csv

# search_anytime.py names this project's runs by their sampler alone.
OWN = {"random": "lenet5 hyperband + random", "tpe": "lenet5 hyperband + tpe"}


def read(paths):
    curves = {}
    for path in paths:
        with open(path, newline="") as f:
            for row in csv.reader(f):
                if not row or row[0] in ("sampler", "method"):
                    continue
                method, seed, seconds, _, _, best = row[:6]
                curves.setdefault((OWN.get(method, method), int(seed)), []).append(
                    (float(seconds), float(best)))
    return curves


def plot(curves, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.6))
    methods = sorted({m for m, _ in curves})
    colours = dict(zip(methods, plt.get_cmap("tab10").colors))
    labelled = set()
    for (method, seed), points in sorted(curves.items()):
        points.sort()
        best, running = [], 0.0
        for _, b in points:
            running = max(running, b)
            best.append(running)
        ax.step([t for t, _ in points], best, where="post",
                color=colours[method], alpha=0.9 if method not in labelled else 0.55,
                label=None if method in labelled else method)
        labelled.add(method)
    ax.set_xlabel("wall time (s)")
    ax.set_ylabel("best validation accuracy so far")
    ax.set_ylim(0.98, 0.993)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("csv", nargs="+")
    args = parser.parse_args()
    plot(read(args.csv), args.out)


if __name__ == "__main__":
    main()
