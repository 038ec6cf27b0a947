package io.lenet5.train;

import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A float32 variable that a checkpoint must hold: a model weight, an optimizer slot or the
 * optimizer's step counter.
 *
 * @param name the checkpoint key, e.g. {@code conv2d/kernel} or {@code optimizer/m/conv2d/kernel}
 */
public record StateVariable(String name, Variable<TFloat32> variable, long[] shape) {}
