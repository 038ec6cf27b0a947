#!/usr/bin/env python3
"""Writes a small synthetic data set that LeNet-5 learns in an epoch or two, for the interop checks
of data sets other than MNIST: class c is a bright 3x3 square at its own place of a grid, on faint
noise.

Usage: tools/make_dataset.py idx DIR --classes 26 --size 20 [--train 3000] [--test 520]
       tools/make_dataset.py folder DIR --names cat dog emu [--size 28] [--train 600] [--test 90]

`idx` writes MNIST's four file names, uncompressed; `folder` writes DIR/train/<name>/<n>.png and
DIR/test/<name>/<n>.png, gray, at the given size (so that the checks read them as Java does).
"""

import argparse
import math
import os

import numpy as np


def images(count, side, classes, seed):
    rng = np.random.default_rng(seed)
    grid = math.ceil(math.sqrt(classes))
    labels = rng.integers(0, classes, count).astype(np.uint8)
    pixels = rng.integers(0, 40, (count, side, side)).astype(np.uint8)
    for i, label in enumerate(labels):
        top = 1 + (label // grid) * (side - 4) // max(1, grid - 1)
        left = 1 + (label % grid) * (side - 4) // max(1, grid - 1)
        pixels[i, top:top + 3, left:left + 3] = rng.integers(200, 256, (3, 3))
    return pixels, labels


def write_idx(folder, prefix, pixels, labels):
    count, rows, cols = pixels.shape
    with open(os.path.join(folder, prefix + "-images-idx3-ubyte"), "wb") as f:
        f.write((0x803).to_bytes(4, "big") + count.to_bytes(4, "big")
                + rows.to_bytes(4, "big") + cols.to_bytes(4, "big") + pixels.tobytes())
    with open(os.path.join(folder, prefix + "-labels-idx1-ubyte"), "wb") as f:
        f.write((0x801).to_bytes(4, "big") + count.to_bytes(4, "big") + labels.tobytes())


def write_folder(folder, split, pixels, labels, names):
    from PIL import Image

    for i, (image, label) in enumerate(zip(pixels, labels)):
        target = os.path.join(folder, split, names[label])
        os.makedirs(target, exist_ok=True)
        Image.fromarray(image, mode="L").save(os.path.join(target, f"{i:05d}.png"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("format", choices=["idx", "folder"])
    parser.add_argument("dir")
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--names", nargs="+")
    parser.add_argument("--size", type=int, default=28)
    parser.add_argument("--train", type=int)
    parser.add_argument("--test", type=int)
    args = parser.parse_args()
    classes = len(args.names) if args.names else args.classes
    train = args.train or (3000 if args.format == "idx" else 600)
    test = args.test or (520 if args.format == "idx" else 90)
    os.makedirs(args.dir, exist_ok=True)
    train_set = images(train, args.size, classes, 1)
    test_set = images(test, args.size, classes, 2)
    if args.format == "idx":
        write_idx(args.dir, "train", *train_set)
        write_idx(args.dir, "t10k", *test_set)
    else:
        names = args.names or [str(c) for c in range(classes)]
        write_folder(args.dir, "train", *train_set, names)
        write_folder(args.dir, "test", *test_set, names)
    print(f"wrote {train} training and {test} test images of {classes} classes,"
          f" {args.size}x{args.size}, into {args.dir}")


if __name__ == "__main__":
    main()
