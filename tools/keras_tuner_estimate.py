#!/usr/bin/env python3
"""Estimates what Keras Tuner would take for the trials of one of our searches.

Keras Tuner is not installable on this project's machines, so the estimate uses its figures
measured on the machine of BENCHMARKS.md (Keras Tuner 1.4.7, same model, 2 cores): seconds per epoch with
validation by batch size, plus its mean per-trial overhead outside epochs. A trial continued
from its parent trains only its added epochs, in both tools.

    tools/keras_tuner_estimate.py RUN/results.json
"""
import json
import sys

SECONDS_PER_EPOCH = {32: 7.5, 64: 4.7, 128: 4.0, 256: 3.7}
TRIAL_OVERHEAD_SECONDS = 1.83


def main(path):
    with open(path) as f:
        trials = {t["trial"]: t for t in json.load(f)["trials"]}
    total = 0.0
    epochs = 0
    for t in trials.values():
        start = trials[t["parent"]]["epochs"] if t.get("parent") else 0
        batch = t["hyperparameters"].get("batchSize", 128)
        if batch not in SECONDS_PER_EPOCH:
            sys.exit(f"error: {path}: trial {t['trial']}: no Keras Tuner figure for batch {batch}")
        epochs += t["epochs"] - start
        total += (t["epochs"] - start) * SECONDS_PER_EPOCH[batch] + TRIAL_OVERHEAD_SECONDS
    print(f"{path}: {len(trials)} trials, {epochs} epochs trained;"
          f" Keras Tuner estimate {total:.0f} s ({total / 60:.1f} min)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: tools/keras_tuner_estimate.py RUN/results.json")
    main(sys.argv[1])
