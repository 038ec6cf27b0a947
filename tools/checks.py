"""Shared pieces of the interop checks: test images (IDX files or a folder of images) as Java reads
them, exports' metadata, comparisons.

Nothing here imports TensorFlow, so the checks can set up logging before it loads.
"""

import gzip
import json
import os
import sys

import numpy as np

TEST_IMAGES = "t10k-images-idx3-ubyte"
TEST_LABELS = "t10k-labels-idx1-ubyte"
TRAIN_IMAGES = "train-images-idx3-ubyte"
TRAIN_LABELS = "train-labels-idx1-ubyte"

# Probabilities from Java, TensorFlow and Keras must agree this closely.
PREDICTION_TOLERANCE = 1e-5
# Accuracies must agree to one image in 10,000: a near tie may flip on another CPU kernel.
ACCURACY_TOLERANCE = 1e-4


class Failures:
    """Collects failed checks so that one run reports all of them."""

    def __init__(self):
        self.messages = []

    def check(self, ok, message):
        print(("ok    " if ok else "FAIL  ") + message)
        if not ok:
            self.messages.append(message)

    def exit(self):
        if self.messages:
            print(f"{len(self.messages)} check(s) failed:", file=sys.stderr)
            for m in self.messages:
                print("  " + m, file=sys.stderr)
            sys.exit(1)
        print("all checks passed")


def _read_idx(data_dir, name, magic, dims):
    """Reads name.gz (or name) from data_dir, checking the IDX magic number and dimensions."""
    path = os.path.join(data_dir, name + ".gz")
    if os.path.exists(path):
        with gzip.open(path, "rb") as f:
            content = f.read()
    else:
        path = os.path.join(data_dir, name)
        with open(path, "rb") as f:
            content = f.read()
    found = int.from_bytes(content[0:4], "big")
    if found != magic:
        sys.exit(f"{path}: expected IDX magic {magic:#010x}, found {found:#010x}")
    shape = [int.from_bytes(content[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    data = np.frombuffer(content, dtype=np.uint8, offset=4 + 4 * dims)
    if data.size != int(np.prod(shape)):
        sys.exit(f"{path}: header says {shape}, found {data.size} bytes of data")
    return data.reshape(shape)


def idx_names(dataset):
    """The four IDX file names of a data set: MNIST's, or EMNIST's own for an emnist-* set."""
    if dataset is not None and dataset.startswith("emnist-"):
        prefix = dataset + "-"
        return {"test": (prefix + "test-images-idx3-ubyte", prefix + "test-labels-idx1-ubyte"),
                "train": (prefix + "train-images-idx3-ubyte", prefix + "train-labels-idx1-ubyte")}
    return {"test": (TEST_IMAGES, TEST_LABELS), "train": (TRAIN_IMAGES, TRAIN_LABELS)}


def _folder(data_dir, split, height, width):
    """A folder's split as Java reads it: classes are train/'s subfolders, sorted; images made gray.
    The images must already be of the model's size: Java's area-averaging resize is not redone."""
    from PIL import Image

    classes = sorted(d for d in os.listdir(os.path.join(data_dir, "train")) if not d.startswith("."))
    images, labels = [], []
    root = os.path.join(data_dir, split)
    for name in sorted(d for d in os.listdir(root) if not d.startswith(".")):
        for file in sorted(f for f in os.listdir(os.path.join(root, name)) if not f.startswith(".")):
            with Image.open(os.path.join(root, name, file)) as image:
                gray = np.asarray(image.convert("L"), dtype=np.uint8)
            if gray.shape != (height, width):
                sys.exit(f"{file}: {gray.shape[0]}x{gray.shape[1]}, expected {height}x{width}"
                         " (the check reads images of the model's size only)")
            images.append(gray)
            labels.append(classes.index(name))
    return np.stack(images), np.array(labels, dtype=np.uint8)


def test_images(data_dir, meta=None, split="test", limit=None):
    """Images as float32 [n, h, w, 1] in [0, 1] and labels as int64 [n], as Java reads the data
    set the export's metadata names (MNIST when there is none)."""
    dataset = None if meta is None else meta.get("dataset")
    shape = input_shape(meta)
    if dataset == "folder":
        images, labels = _folder(data_dir, split, shape[0], shape[1])
    else:
        images_name, labels_name = idx_names(dataset)[split]
        images = _read_idx(data_dir, images_name, 0x00000803, 3)
        labels = _read_idx(data_dir, labels_name, 0x00000801, 1)
        if dataset is not None and dataset.startswith("emnist-"):
            images = images.transpose(0, 2, 1)  # EMNIST stores each image column by column
        if dataset == "emnist-letters":
            labels = labels - 1  # letters are labelled 1..26
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    # Division as float32, as the Java side does it, so the inputs are bit-identical.
    x = (images.astype(np.float32) / np.float32(255.0)).reshape(-1, *shape)
    return x, labels.astype(np.int64)


def model_config(meta):
    """The metadata's model section, its size and classes at MNIST's where it leaves them out."""
    config = {"imageHeight": 28, "imageWidth": 28, "classes": 10}
    if meta is not None:
        config.update(meta.get("model", {}))
    return config


def input_shape(meta):
    c = model_config(meta)
    return (c["imageHeight"], c["imageWidth"], 1)


def classes(meta):
    return model_config(meta)["classes"]


def metadata(path):
    """The export's metadata.json, or None when the model has none (e.g. a Keras export)."""
    if not os.path.exists(path):
        print(f"note  no {path}: accuracy is measured but not compared")
        return None
    with open(path) as f:
        return json.load(f)


def check_probabilities(failures, name, p, n, k=10):
    failures.check(p.shape == (n, k) and p.dtype == np.float32,
                   f"{name}: output is float32 {p.shape}, expected float32 ({n}, {k})")
    sums = p.sum(axis=1)
    failures.check(bool(np.all(np.abs(sums - 1) < 1e-4)),
                   f"{name}: rows sum to 1 (min {sums.min():.6f}, max {sums.max():.6f})")


def compare(failures, name, a, b):
    diff = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))
    failures.check(a.shape == b.shape and diff <= PREDICTION_TOLERANCE,
                   f"{name}: max abs difference {diff:.3g} (tolerance {PREDICTION_TOLERANCE:g})")
    return diff


def check_accuracy(failures, name, probabilities, labels, meta):
    accuracy = float(np.mean(np.argmax(probabilities, axis=1) == labels))
    recorded = None if meta is None else meta.get("provenance", {}).get("testAccuracy")
    if recorded is None:
        print(f"note  {name}: test accuracy {accuracy:.4f}; no recorded accuracy to compare with")
    else:
        failures.check(abs(accuracy - recorded) <= ACCURACY_TOLERANCE,
                       f"{name}: test accuracy {accuracy:.4f}, metadata.json records {recorded:.4f}"
                       f" (tolerance {ACCURACY_TOLERANCE:g})")
    return accuracy


def java_predictions(failures, path, n, k=10):
    """The .npy written by `evaluate --predictions-out`, or None when not given."""
    if path is None:
        return None
    p = np.load(path)
    check_probabilities(failures, f"Java predictions {path}", p, n, k)
    return p


def quiet_tensorflow():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
