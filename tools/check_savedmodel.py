#!/usr/bin/env python3
"""Checks an exported SavedModel from Python: it loads with tf.saved_model.load and with Keras 3's
TFSMLayer, both endpoints classify the test set (MNIST's, or that of the data set metadata.json
names) as metadata.json records, and (given Java's
predictions from `evaluate --predictions-out`) the probabilities match Java's to 1e-5.

Usage: tools/check_savedmodel.py MODEL_DIR --data-dir DATA_DIR [--java-predictions FILE.npy]
Exits 1 on any failed check, listing them all.
"""

import argparse
import os

import checks

checks.quiet_tensorflow()

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

BATCH = 1000


def run_signature(fn, x):
    return np.concatenate([fn(keras_tensor=tf.constant(x[i:i + BATCH]))["output_0"].numpy()
                           for i in range(0, len(x), BATCH)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir")
    parser.add_argument("--data-dir", required=True, help="the data set's folder: IDX files (.gz or raw) or train/ and test/ of images")
    parser.add_argument("--java-predictions", help=".npy written by `lenet5 evaluate --predictions-out`")
    args = parser.parse_args()

    failures = checks.Failures()
    meta = checks.metadata(os.path.join(args.model_dir, "metadata.json"))
    x, y = checks.test_images(args.data_dir, meta)
    h, w, _ = checks.input_shape(meta)
    k = checks.classes(meta)

    loaded = tf.saved_model.load(args.model_dir)
    keys = sorted(loaded.signatures.keys())
    failures.check({"serving_default", "serve"} <= set(keys),
                   f"signatures {keys} include serving_default and serve")
    results = {}
    for key in ("serving_default", "serve"):
        if key not in loaded.signatures:
            continue
        fn = loaded.signatures[key]
        spec = fn.structured_input_signature[1].get("keras_tensor")
        failures.check(spec is not None and spec.dtype == tf.float32
                       and spec.shape.as_list() == [None, h, w, 1],
                       f"{key}: input keras_tensor float32 [None, {h}, {w}, 1] (found {spec})")
        out = fn.structured_outputs.get("output_0")
        failures.check(out is not None and out.dtype == tf.float32 and out.shape.as_list() == [None, k],
                       f"{key}: output output_0 float32 [None, {k}] (found {out})")
        results[key] = run_signature(fn, x)
        checks.check_probabilities(failures, f"tf.saved_model.load {key}", results[key], len(x), k)
        checks.check_accuracy(failures, f"tf.saved_model.load {key}", results[key], y, meta)

    layer = keras.layers.TFSMLayer(args.model_dir, call_endpoint="serving_default")
    inputs = keras.Input(shape=(h, w, 1))
    model = keras.Model(inputs, layer(inputs))
    tfsm = model.predict(x, batch_size=BATCH, verbose=0)["output_0"]
    checks.check_probabilities(failures, "keras TFSMLayer", tfsm, len(x), k)
    checks.check_accuracy(failures, "keras TFSMLayer", tfsm, y, meta)

    reference = results.get("serving_default")
    if reference is not None:
        if "serve" in results:
            checks.compare(failures, "serve vs serving_default", results["serve"], reference)
        checks.compare(failures, "TFSMLayer vs tf.saved_model.load", tfsm, reference)
        java = checks.java_predictions(failures, args.java_predictions, len(x), k)
        if java is not None:
            checks.compare(failures, "Java vs tf.saved_model.load", java, reference)
    failures.exit()


if __name__ == "__main__":
    main()
