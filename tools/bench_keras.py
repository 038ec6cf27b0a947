#!/usr/bin/env python3
"""Keras 3 twin of `java -jar target/lenet5.jar bench`: the same LeNet-5, optimizer, batch size,
float32 data and FLOP model, timed the same way (warm-up, then repeats; median, min, max).

Run from the repository root with the venv (see BENCHMARKS.md):
    .venv/bin/python tools/bench_keras.py [--batch-size 128] [--steps 200] [--repeats 3] [--json]

Training throughput is reported twice: `fit` (wall time of one model.fit call over `steps`
batches, its per-call setup included, as an epoch pays it once) and `in-epoch` (first to last
batch end inside that call, setup excluded), so the comparison can use the one more favourable
to Keras.
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time

FORWARD_FLOPS = 833_040  # per image; see io.lenet5.bench.FlopModel
TRAINING_FLOPS = 3 * FORWARD_FLOPS


def read_idx(path, header):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    return data[header:]


def find(data_dir, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(data_dir, candidate)
        if os.path.exists(path):
            return path
    sys.exit(f"error: {data_dir}: expected {name} or {name}.gz")


def load(data_dir, np):
    pixels = read_idx(find(data_dir, "train-images-idx3-ubyte"), 16)
    labels = read_idx(find(data_dir, "train-labels-idx1-ubyte"), 8)
    x = np.frombuffer(pixels, np.uint8).reshape(-1, 28, 28, 1).astype(np.float32) / 255.0
    y = np.frombuffer(labels, np.uint8).astype(np.int32)
    # Same sizes as the Java split: 55,000 to train on, 5,000 to validate; speed does not depend
    # on which images go where.
    return x[:55_000], y[:55_000], x[55_000:], y[55_000:]


def lenet5(keras):
    """The Java model's layers (relu, average pooling), uncompiled."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(6, 5, padding="same", activation="relu"),
        layers.AveragePooling2D(2),
        layers.Conv2D(16, 5, padding="valid", activation="relu"),
        layers.AveragePooling2D(2),
        layers.Flatten(),
        layers.Dense(120, activation="relu"),
        layers.Dense(84, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])


def build(keras):
    model = lenet5(keras)
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    assert model.count_params() == 61_706, model.count_params()
    return model


class BatchClock:
    """Timestamps batch ends inside one fit call."""

    def __init__(self, keras):
        outer = self

        class Callback(keras.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                outer.ends.append(time.perf_counter())

        self.callback = Callback()
        self.ends = []


def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "count": len(values)}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--threads", type=int, default=0, help="intra-op threads, 0 for TF's default")
    p.add_argument("--data-dir", default=os.environ.get("LENET5_DATA_DIR", "../shared/mnist"))
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    for name in ("batch_size", "steps", "repeats"):
        if getattr(a, name) < 1:
            sys.exit(f"error: --{name.replace('_', '-')}: must be >= 1, got {getattr(a, name)}")
    if a.steps < 2:
        sys.exit("error: --steps: must be >= 2 to time batches inside a fit call")

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np
    import tensorflow as tf
    import keras

    if a.threads:
        tf.config.threading.set_intra_op_parallelism_threads(a.threads)
        tf.config.threading.set_inter_op_parallelism_threads(a.threads)
    keras.utils.set_random_seed(42)
    x, y, x_val, y_val = load(a.data_dir, np)
    model = build(keras)
    n = a.steps * a.batch_size
    if n > len(x):
        sys.exit(f"error: --steps: {a.steps} batches of {a.batch_size} exceed the {len(x)} images")

    model.fit(x[: max(a.warmup, 2) * a.batch_size], y[: max(a.warmup, 2) * a.batch_size],
              batch_size=a.batch_size, epochs=1, shuffle=False, verbose=0)
    model.evaluate(x_val, y_val, batch_size=1000, verbose=0)
    fit_ips, epoch_ips, infer_ips = [], [], []
    for r in range(a.repeats):
        clock = BatchClock(keras)
        start = time.perf_counter()
        model.fit(x[:n], y[:n], batch_size=a.batch_size, epochs=1, shuffle=False, verbose=0,
                  callbacks=[clock.callback])
        fit_ips.append(n / (time.perf_counter() - start))
        epoch_ips.append((len(clock.ends) - 1) * a.batch_size / (clock.ends[-1] - clock.ends[0]))
        start = time.perf_counter()
        model.evaluate(x_val, y_val, batch_size=1000, verbose=0)
        infer_ips.append(len(x_val) / (time.perf_counter() - start))
        print(f"repeat {r + 1}/{a.repeats}: fit {fit_ips[-1]:.0f}, in-epoch {epoch_ips[-1]:.0f},"
              f" inference {infer_ips[-1]:.0f} img/s", file=sys.stderr)

    fit, in_epoch, infer = stats(fit_ips), stats(epoch_ips), stats(infer_ips)
    report = {
        "system": "keras",
        "versions": {"tensorflow": tf.__version__, "keras": keras.__version__,
                     "numpy": np.__version__},
        "batchSize": a.batch_size, "steps": a.steps, "repeats": a.repeats,
        "threads": a.threads or os.cpu_count(),
        "fit": fit, "inEpoch": in_epoch, "inference": infer,
        "gflopsInEpoch": in_epoch["median"] * TRAINING_FLOPS / 1e9,
        "secondsPerEpoch": len(x) / fit["median"] + len(x_val) / infer["median"],
    }
    if a.json:
        print(json.dumps(report, indent=2))
        return
    print(f"keras bench: batch {a.batch_size}, {a.steps} steps x {a.repeats} repeats, warm-up"
          f" {a.warmup} steps; TensorFlow {tf.__version__}, Keras {keras.__version__}")
    print("training images/s (median, min-max over repeats):")
    for name, s in (("fit", fit), ("in-epoch", in_epoch)):
        print(f"  {name:<10} {s['median']:8,.0f}  ({s['min']:,.0f}-{s['max']:,.0f})"
              f"  {s['median'] * TRAINING_FLOPS / 1e9:5.1f} GFLOP/s")
    print(f"inference images/s (evaluate, batch 1000): {infer['median']:,.0f}"
          f"  ({infer['min']:,.0f}-{infer['max']:,.0f})")
    print(f"s/epoch ({len(x):,} train + {len(x_val):,} validation images, extrapolated from"
          f" the fit medians): {report['secondsPerEpoch']:.2f}")


if __name__ == "__main__":
    main()
