#!/usr/bin/env python3
"""Checks an exported .keras archive from Python: keras.saving.load_model gives a Sequential
LeNet-5 with float32 weights of the Keras layouts its metadata.json's model config gives (image size, widths,
kernel, dropout layers, classes) and the parameter count it records, it classifies the test set (MNIST's, or
that of the data set metadata.json names) as metadata.json records, its probabilities match Java's to 1e-5 (given `evaluate --predictions-out`),
and one step of fine-tuning changes its weights (a live model, not a frozen graph).

Usage: tools/check_keras.py MODEL.keras --data-dir DATA_DIR [--java-predictions FILE.npy]
       [--metadata FILE] (default: metadata.json beside the archive)
Exits 1 on any failed check, listing them all.
"""

import argparse
import os

import checks

checks.quiet_tensorflow()

import numpy as np  # noqa: E402
import keras  # noqa: E402

# LeNet-5's widths: what a metadata.json's model section leaves out is at these values.
STRICT = {"conv1Filters": 6, "conv2Filters": 16, "kernelSize": 5, "dense1Units": 120,
          "dense2Units": 84, "dropout": 0.0, "imageHeight": 28, "imageWidth": 28, "classes": 10}


def layouts(config):
    """The weight shapes of each layer of the LeNet-5 family member `config` describes."""
    c = {**STRICT, **config}
    k, f1, f2 = c["kernelSize"], c["conv1Filters"], c["conv2Filters"]
    rows = (c["imageHeight"] // 2 - k + 1) // 2
    cols = (c["imageWidth"] // 2 - k + 1) // 2
    flat = rows * cols * f2
    n = c["classes"]
    return {
        "conv2d": [(k, k, 1, f1), (f1,)],
        "conv2d_1": [(k, k, f1, f2), (f2,)],
        "dense": [(flat, c["dense1Units"]), (c["dense1Units"],)],
        "dense_1": [(c["dense1Units"], c["dense2Units"]), (c["dense2Units"],)],
        "dense_2": [(c["dense2Units"], n), (n,)],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive")
    parser.add_argument("--data-dir", required=True, help="the data set's folder: IDX files (.gz or raw) or train/ and test/ of images")
    parser.add_argument("--java-predictions", help=".npy written by `lenet5 evaluate --predictions-out`")
    parser.add_argument("--metadata", help="the export's metadata.json (default: beside the archive)")
    args = parser.parse_args()

    failures = checks.Failures()
    meta = checks.metadata(args.metadata or os.path.join(os.path.dirname(args.archive) or ".", "metadata.json"))
    x, y = checks.test_images(args.data_dir, meta)
    k = checks.classes(meta)

    model = keras.saving.load_model(args.archive)
    failures.check(isinstance(model, keras.Sequential), f"load_model gives a Sequential ({type(model).__name__})")
    config = {**STRICT, **(meta["model"] if meta is not None else {})}
    expected_layouts = layouts(config)
    for layer in model.layers:
        expected = expected_layouts.get(layer.name)
        if expected is None:
            continue
        found = [(tuple(w.shape), str(w.dtype)) for w in layer.weights]
        failures.check(found == [(s, "float32") for s in expected],
                       f"{layer.name}: weights {found}, expected float32 {expected}")
    failures.check(sorted(expected_layouts) == sorted(l.name for l in model.layers if l.weights),
                   f"layers with weights: {[l.name for l in model.layers if l.weights]}")
    rates = [l.rate for l in model.layers if isinstance(l, keras.layers.Dropout)]
    failures.check(rates == ([config["dropout"]] * 2 if config["dropout"] > 0 else []),
                   f"dropout layers {rates} as the model config's dropout {config['dropout']} says")
    if meta is not None:
        failures.check(model.count_params() == meta["parameters"],
                       f"{model.count_params()} parameters, metadata.json records {meta['parameters']}")
        pooling = "AveragePooling2D" if config["pooling"] == "average" else "MaxPooling2D"
        classes = [type(l).__name__ for l in model.layers]
        failures.check(classes.count(pooling) == 2, f"pooling layers are {pooling} as metadata says ({classes})")
        activations = [l.activation.__name__ for l in model.layers if hasattr(l, "activation")]
        failures.check(activations == [config["activation"]] * 4 + ["softmax"],
                       f"activations {activations}: {config['activation']} then softmax")

    probabilities = model.predict(x, batch_size=1000, verbose=0)
    checks.check_probabilities(failures, "keras.saving.load_model", probabilities, len(x), k)
    checks.check_accuracy(failures, "keras.saving.load_model", probabilities, y, meta)
    java = checks.java_predictions(failures, args.java_predictions, len(x), k)
    if java is not None:
        checks.compare(failures, "Java vs keras.saving.load_model", java, probabilities)

    # Fine-tuning on training images (never on test images): one step must move every weight.
    x_train, y_train = checks.test_images(args.data_dir, meta, split="train", limit=256)
    before = [w.copy() for w in model.get_weights()]
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=256, epochs=1, verbose=0)
    loss = history.history["loss"][0]
    moved = [float(np.max(np.abs(a - b))) for a, b in zip(model.get_weights(), before)]
    failures.check(np.isfinite(loss) and min(moved) > 0,
                   f"one fine-tuning step: loss {loss:.4f}, every weight tensor changed"
                   f" (smallest max change {min(moved):.3g})")
    failures.exit()


if __name__ == "__main__":
    main()
