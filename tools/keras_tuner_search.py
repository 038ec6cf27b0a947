#!/usr/bin/env python3
"""Keras Tuner's Hyperband or BayesianOptimization on the space of
tuning-specs/lenet5-hyperband-keras-tuner.json (learning rate log 1e-4..1e-2, batch size
32/64/128/256, maxEpochs 10, factor 3, val_accuracy), with the same LeNet-5, for timing Keras
Tuner side by side with `tune`.

Keras Tuner is not in the package store these machines install from; install it from its source
without dependencies (its Hyperband runs without kt-legacy):
    .venv/bin/pip install --no-deps /path/to/keras-tuner
    .venv/bin/python tools/keras_tuner_search.py --data-dir MNIST_DIR --out DIR \
        [--algorithm hyperband|bayesian] [--seed 42] [--iterations 1] [--anytime FILE.csv]

Hyperband runs `--iterations` Hyperband iterations. BayesianOptimization runs the same epoch
budget: as many 10-epoch trials as Hyperband's iterations train epochs (120 per iteration).
Prints the wall time of the search, its trial count, the best trial's validation accuracy and the
test accuracy of its model. `--anytime` appends one row per trial (method, seed, seconds, trial,
score, best), the format of tools/search_anytime.py.
"""
import argparse
import csv
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_keras import find, lenet5, read_idx  # noqa: E402

MAX_EPOCHS = 10
EPOCHS_PER_ITERATION = 120  # Keras Tuner's Hyperband with max_epochs 10, factor 3


def load(data_dir, np):
    def images(name):
        raw = read_idx(find(data_dir, name), 16)
        return np.frombuffer(raw, np.uint8).reshape(-1, 28, 28, 1).astype(np.float32) / 255.0

    def labels(name):
        return np.frombuffer(read_idx(find(data_dir, name), 8), np.uint8).astype(np.int32)

    x, y = images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte")
    order = np.random.default_rng(42).permutation(len(x))
    x, y = x[order], y[order]
    test = images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte")
    return (x[:55_000], y[:55_000]), (x[55_000:], y[55_000:]), test


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out", required=True, help="Keras Tuner's project folder (must not exist)")
    parser.add_argument("--algorithm", choices=["hyperband", "bayesian"], default="hyperband")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--iterations", type=int, default=1)
    parser.add_argument("--anytime", help="CSV file to append the anytime curve to")
    args = parser.parse_args()
    if os.path.exists(args.out):
        sys.exit(f"error: --out {args.out}: expected a new folder, found one")

    import keras
    import keras_tuner
    import numpy as np

    keras.utils.set_random_seed(args.seed)
    (x, y), (xv, yv), (xt, yt) = load(args.data_dir, np)

    class LeNet5(keras_tuner.HyperModel):
        def build(self, hp):
            model = lenet5(keras)
            rate = hp.Float("learningRate", 1e-4, 1e-2, sampling="log")
            model.compile(optimizer=keras.optimizers.Adam(rate),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model

        def fit(self, hp, model, *fit_args, **kwargs):
            batch = hp.Choice("batchSize", [32, 64, 128, 256])
            return model.fit(*fit_args, batch_size=batch, verbose=0, **kwargs)

    method = f"keras-tuner {args.algorithm}"
    points = []

    def stamp(trial):
        best = max([p[3] for p in points] + [trial.score or 0.0])
        points.append((round(time.perf_counter() - start, 1), trial.trial_id, trial.score, best))
        print(f"{method} seed {args.seed} {points[-1][0]:7.1f} s trial {trial.trial_id}"
              f" best {best:.4f}", flush=True)

    kind = {"hyperband": keras_tuner.Hyperband,
            "bayesian": keras_tuner.BayesianOptimization}[args.algorithm]

    class Stamped(kind):
        def on_trial_end(self, trial):
            super().on_trial_end(trial)
            stamp(trial)

    common = dict(objective="val_accuracy", seed=args.seed, directory=args.out,
                  project_name="lenet5")
    if args.algorithm == "hyperband":
        tuner = Stamped(LeNet5(), max_epochs=MAX_EPOCHS, factor=3,
                        hyperband_iterations=args.iterations, **common)
        fit = {}
    else:
        max_trials = args.iterations * EPOCHS_PER_ITERATION // MAX_EPOCHS
        tuner = Stamped(LeNet5(), max_trials=max_trials, **common)
        fit = {"epochs": MAX_EPOCHS}
    start = time.perf_counter()
    tuner.search(x, y, validation_data=(xv, yv), **fit)
    seconds = time.perf_counter() - start
    trials = tuner.oracle.trials.values()
    best_trial = tuner.oracle.get_best_trials(1)[0]
    best = tuner.get_best_models(1)[0]
    _, test_accuracy = best.evaluate(xt, yt, batch_size=1000, verbose=0)
    if args.anytime:
        with open(args.anytime, "a", newline="") as f:
            csv.writer(f).writerows((method, args.seed) + p for p in points)
    print(f"{method} {keras_tuner.__version__}: {len(trials)} trials in {seconds:.0f} s;"
          f" best {best_trial.trial_id}: val_accuracy {best_trial.score:.4f},"
          f" test accuracy {test_accuracy:.4f}; {best_trial.hyperparameters.values}")


if __name__ == "__main__":
    main()
