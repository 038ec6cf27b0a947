package io.lenet5.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * SGD with momentum, one fused {@code ApplyMomentum} kernel per weight: {@code accum = momentum *
 * accum + g; w -= lr * accum}, which equals Keras' SGD at a constant learning rate.
 */
final class MomentumOptimizer implements Optimizer {
  private final float momentum;
  private final List<StateVariable> slots = new ArrayList<>();
  private final List<Variable<TFloat32>> accumulators = new ArrayList<>();

  MomentumOptimizer(float momentum) {
    this.momentum = momentum;
  }

  @Override
  public Op build(
      Ops tf,
      List<StateVariable> weights,
      List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate) {
    Ops sgd = tf.withSubScope("sgd");
    if (accumulators.isEmpty()) {
      for (int i = 0; i < weights.size(); i++) {
        StateVariable w = weights.get(i);
        Variable<TFloat32> accum =
            sgd.withName("accum_" + i).variable(Shape.of(w.shape()), TFloat32.class);
        accumulators.add(accum);
        slots.add(new StateVariable(OptimizerKind.SGD.slotKey(0, w.name()), accum, w.shape()));
      }
    }
    Ops afterGradients = Optimizer.afterAll(sgd, gradients);
    Operand<TFloat32> momentumValue = sgd.constant(momentum);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      updates.add(
          afterGradients.train.applyMomentum(
              weights.get(i).variable(),
              accumulators.get(i),
              learningRate,
              gradients.get(i),
              momentumValue));
    }
    return sgd.withControlDependencies(updates).withName("update").noOp();
  }

  @Override
  public List<StateVariable> slots() {
    return List.copyOf(slots);
  }
}
