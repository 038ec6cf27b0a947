#!/usr/bin/env python3
"""Optuna's TPE sampler with its HyperbandPruner on the space of
tuning-specs/lenet5-hyperband-keras-tuner.json (learning rate log 1e-4..1e-2, batch size
32/64/128/256, at most 10 epochs, pruning factor 3, val_accuracy), with the same Keras LeNet-5,
for timing Optuna side by side with `tune` and Keras Tuner.

Optuna is in the package store; Keras and TensorFlow come from tools/requirements.txt:
    .venv/bin/pip install optuna
    .venv/bin/python tools/optuna_search.py --data-dir MNIST_DIR \
        [--seed 42] [--iterations 1] [--anytime FILE.csv]

The budget is Keras Tuner's Hyperband's: 120 epochs per iteration. Trials start until the
epochs trained, pruned trials' included, reach it. A trial's score is its best epoch's
validation accuracy, as in Keras Tuner, and pruned trials count: they were trained and
validated. Prints the wall time, the trial count, the best validation accuracy and the test
accuracy of the model at that epoch. `--anytime` appends one row per trial (method, seed,
seconds, trial, score, best), the format of tools/search_anytime.py.
"""
import argparse
import csv
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_keras import lenet5  # noqa: E402
from keras_tuner_search import EPOCHS_PER_ITERATION, MAX_EPOCHS, load  # noqa: E402

METHOD = "optuna tpe+hyperband"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--iterations", type=int, default=1)
    parser.add_argument("--anytime", help="CSV file to append the anytime curve to")
    args = parser.parse_args()

    import keras
    import numpy as np
    import optuna

    keras.utils.set_random_seed(args.seed)
    (x, y), (xv, yv), (xt, yt) = load(args.data_dir, np)
    budget = args.iterations * EPOCHS_PER_ITERATION
    best = {"score": 0.0, "weights": None}
    points = []
    epochs = [0]
    start = time.perf_counter()

    def objective(trial):
        rate = trial.suggest_float("learningRate", 1e-4, 1e-2, log=True)
        batch = trial.suggest_categorical("batchSize", [32, 64, 128, 256])
        model = lenet5(keras)
        model.compile(optimizer=keras.optimizers.Adam(rate),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        score = 0.0
        try:
            for epoch in range(MAX_EPOCHS):
                model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
                epochs[0] += 1
                _, accuracy = model.evaluate(xv, yv, batch_size=1000, verbose=0)
                score = max(score, accuracy)
                if accuracy > best["score"]:
                    best.update(score=accuracy, weights=model.get_weights())
                trial.report(accuracy, epoch)
                if trial.should_prune():
                    raise optuna.TrialPruned()
            return score
        finally:
            points.append((round(time.perf_counter() - start, 1), trial.number, score,
                           best["score"]))
            print(f"{METHOD} seed {args.seed} {points[-1][0]:7.1f} s trial {trial.number}"
                  f" best {best['score']:.4f}", flush=True)

    def stop_at_budget(study, _):
        if epochs[0] >= budget:
            study.stop()

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(
        direction="maximize", sampler=optuna.samplers.TPESampler(seed=args.seed),
        pruner=optuna.pruners.HyperbandPruner(min_resource=1, max_resource=MAX_EPOCHS,
                                              reduction_factor=3))
    study.optimize(objective, callbacks=[stop_at_budget])
    seconds = time.perf_counter() - start
    model = lenet5(keras)
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.set_weights(best["weights"])
    _, test_accuracy = model.evaluate(xt, yt, batch_size=1000, verbose=0)
    if args.anytime:
        with open(args.anytime, "a", newline="") as f:
            csv.writer(f).writerows((METHOD, args.seed) + p for p in points)
    print(f"{METHOD} {optuna.__version__}: {len(study.trials)} trials, {epochs[0]} epochs in"
          f" {seconds:.0f} s; best val_accuracy {best['score']:.4f},"
          f" test accuracy {test_accuracy:.4f}")


if __name__ == "__main__":
    main()
