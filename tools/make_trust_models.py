#!/usr/bin/env python3
"""Builds the SavedModels that the model-trust tests load (src/test/resources/io/lenet5/export/trust/):

  keras-lenet5/       Keras 3 `model.export()` of LeNet-5 (ReLU, average pooling; every weight 0.01,
                      so that git stores it in a few kilobytes): must load without --trust-model
  writes-file/        serving_default calls tf.io.write_file(WRITTEN_FILE) inside a tf.function
  init-writes-file/   a TF1-style SavedModel whose main (init) op writes WRITTEN_FILE at load time
  endless-loop/       serving_default runs a tf.while_loop that never ends

Each malicious model has the digit classifier's signature (keras_tensor float32 [-1, 28, 28, 1] ->
output_0 float32 [-1, 10]), so only the op check stands between it and a run.

It also prints the ops that `model.export()` emits for every activation and pooling the project
supports: the allow-list in io.lenet5.export.OpAllowList must hold all of them.

Usage: tools/make_trust_models.py [--out DIR]   (run from the repository root)
"""

import argparse
import os
import shutil

import checks

checks.quiet_tensorflow()

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

# The file the malicious models write (UntrustedModelTest checks it never appears), relative to
# the working directory: tests run in the repository root, so a model that got through would write
# into target/, never outside the build.
WRITTEN_FILE = "target/lenet5-untrusted-model-was-here.txt"
INPUT = tf.TensorSpec([None, 28, 28, 1], tf.float32, name="keras_tensor")


def lenet5(activation, pooling):
    pool = keras.layers.AveragePooling2D if pooling == "average" else keras.layers.MaxPooling2D
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(6, 5, padding="same", activation=activation),
        pool(2),
        keras.layers.Conv2D(16, 5, padding="valid", activation=activation),
        pool(2),
        keras.layers.Flatten(),
        keras.layers.Dense(120, activation=activation),
        keras.layers.Dense(84, activation=activation),
        keras.layers.Dense(10, activation="softmax"),
    ])


def ops(model_dir):
    """Every op type in saved_model.pb: its graph and its function library."""
    from tensorflow.core.protobuf import saved_model_pb2

    saved = saved_model_pb2.SavedModel()
    with open(os.path.join(model_dir, "saved_model.pb"), "rb") as f:
        saved.ParseFromString(f.read())
    found = set()
    for graph in saved.meta_graphs:
        found.update(n.op for n in graph.graph_def.node)
        for function in graph.graph_def.library.function:
            found.update(n.op for n in function.node_def)
    return found


def probabilities(x):
    """A [batch, 10] output of allowed ops only, so that the op check names just the bad op."""
    return tf.nn.softmax(tf.reshape(x, [-1, 784])[:, :10])


class WritesFile(tf.Module):
    @tf.function(input_signature=[INPUT])
    def serve(self, keras_tensor):
        tf.io.write_file(WRITTEN_FILE, "written by a SavedModel's serving function\n")
        return {"output_0": probabilities(keras_tensor)}


class EndlessLoop(tf.Module):
    @tf.function(input_signature=[INPUT])
    def serve(self, keras_tensor):
        steps = tf.while_loop(lambda i: i >= 0, lambda i: i + 1, [tf.constant(0, tf.int64)])[0]
        return {"output_0": probabilities(keras_tensor) + tf.cast(steps * 0, tf.float32)}


def init_writes_file(out):
    """TF1 builder: the main op runs when the SavedModel loads, before any signature is called."""
    with tf.Graph().as_default() as graph, tf.compat.v1.Session(graph=graph) as session:
        x = tf.compat.v1.placeholder(tf.float32, [None, 28, 28, 1], name="keras_tensor")
        y = tf.identity(probabilities(x), name="output_0")
        write = tf.io.write_file(WRITTEN_FILE, "written by a SavedModel's init op\n")
        builder = tf.compat.v1.saved_model.Builder(out)
        signature = tf.compat.v1.saved_model.predict_signature_def(
            inputs={"keras_tensor": x}, outputs={"output_0": y})
        builder.add_meta_graph_and_variables(
            session, ["serve"], signature_def_map={"serving_default": signature}, main_op=write)
        builder.save()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="src/test/resources/io/lenet5/export/trust")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)

    export_ops = set()
    scratch = os.path.join(args.out, "scratch")
    for activation in ("relu", "tanh"):
        for pooling in ("average", "max"):
            model = lenet5(activation, pooling)
            for weight in model.weights:
                weight.assign(np.full(weight.shape, 0.01, np.float32))
            keep = activation == "relu" and pooling == "average"
            target = os.path.join(args.out, "keras-lenet5") if keep else scratch
            model.export(target, verbose=False)
            export_ops |= ops(target)
            shutil.rmtree(scratch, ignore_errors=True)

    for name, module in (("writes-file", WritesFile()), ("endless-loop", EndlessLoop())):
        tf.saved_model.save(module, os.path.join(args.out, name),
                            signatures={"serving_default": module.serve})
    init_writes_file(os.path.join(args.out, "init-writes-file"))

    print("ops of Keras model.export() (LeNet-5, relu/tanh, average/max pooling):")
    print(" ".join(sorted(export_ops)))
    for name in ("writes-file", "init-writes-file", "endless-loop"):
        print(f"ops of {name}: " + " ".join(sorted(ops(os.path.join(args.out, name)))))


if __name__ == "__main__":
    main()
