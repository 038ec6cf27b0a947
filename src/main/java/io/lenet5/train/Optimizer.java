package io.lenet5.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An update rule built from TensorFlow's fused training kernels ({@code ApplyAdam}, {@code
 * ApplyMomentum}) with slot variables of its own.
 *
 * <p>We do not use tensorflow-framework's optimizers: they name slots {@code <variable>-m} through
 * {@code withName}, which rejects the {@code /} of Keras-style names such as {@code conv2d/kernel},
 * and they differentiate every variable of the graph. Owning the slots also lets checkpoints save
 * and restore them, so a resumed run follows the same curve.
 */
interface Optimizer {
  /**
   * Adds the ops of one update step. The first call creates the slot variables; later calls (the
   * further steps of a chain of steps in one run) update the same ones.
   *
   * @param weights the model weights, in the order of {@code gradients}
   * @return the op that applies one step; it runs after every gradient is computed
   */
  Op build(
      Ops tf,
      List<StateVariable> weights,
      List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate);

  /** The state variables {@link #build} created: slots and step counter. */
  List<StateVariable> slots();

  /** Creates the optimizer a config names, with its weight decay. */
  static Optimizer of(TrainingConfig config) {
    Optimizer rule = config.optimizer().create(config);
    return config.weightDecay() > 0 ? new WeightDecay(rule, (float) config.weightDecay()) : rule;
  }

  /**
   * Scope whose ops wait for every gradient. Backprop reads the weights in place, so an update of
   * one layer that ran early would corrupt the gradients of the layers below it.
   */
  static Ops afterAll(Ops tf, List<Operand<TFloat32>> gradients) {
    List<Op> identities = new ArrayList<>();
    for (Operand<TFloat32> g : gradients) {
      identities.add(tf.identity(g)); // an Operand is no Op: identity gives one to depend on
    }
    return tf.withControlDependencies(identities);
  }
}
