#!/usr/bin/env python3
"""Keras Tuner's Hyperband on the schedule of tuning-specs/lenet5-hyperband-keras-tuner.json
(learning rate log 1e-4..1e-2, batch size 32/64/128/256, maxEpochs 10, factor 3, one iteration,
val_accuracy), with the same LeNet-5, for timing Keras Tuner side by side with `tune`.

Keras Tuner is not in the package store these machines install from; install it from its source
without dependencies (its Hyperband runs without kt-legacy):
    .venv/bin/pip install --no-deps /path/to/keras-tuner
    .venv/bin/python tools/keras_tuner_search.py --data-dir MNIST_DIR --out DIR

Prints the wall time of the search, its trial count, the best trial's validation accuracy and the
test accuracy of its model.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_keras import find, lenet5, read_idx  # noqa: E402


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
    args = parser.parse_args()
    if os.path.exists(args.out):
        sys.exit(f"error: --out {args.out}: expected a new folder, found one")

    import keras
    import keras_tuner
    import numpy as np

    keras.utils.set_random_seed(42)
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

    tuner = keras_tuner.Hyperband(
        LeNet5(), objective="val_accuracy", max_epochs=10, factor=3, hyperband_iterations=1,
        seed=42, directory=args.out, project_name="lenet5")
    start = time.perf_counter()
    tuner.search(x, y, validation_data=(xv, yv))
    seconds = time.perf_counter() - start
    trials = tuner.oracle.trials.values()
    best_trial = tuner.oracle.get_best_trials(1)[0]
    best = tuner.get_best_models(1)[0]
    _, test_accuracy = best.evaluate(xt, yt, batch_size=1000, verbose=0)
    print(f"keras-tuner {keras_tuner.__version__}: {len(trials)} trials in {seconds:.0f} s;"
          f" best {best_trial.trial_id}: val_accuracy {best_trial.score:.4f},"
          f" test accuracy {test_accuracy:.4f}; {best_trial.hyperparameters.values}")


if __name__ == "__main__":
    main()
