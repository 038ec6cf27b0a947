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
 * Adam with Keras 3's defaults (beta1 0.9, beta2 0.999, epsilon 1e-7), one fused {@code ApplyAdam}
 * kernel per weight.
 */
final class AdamOptimizer implements Optimizer {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-7f;

  private final List<StateVariable> slots = new ArrayList<>();
  private Variable<TFloat32> iterations;
  private final List<Variable<TFloat32>> firstMoments = new ArrayList<>();
  private final List<Variable<TFloat32>> secondMoments = new ArrayList<>();

  @Override
  public Op build(
      Ops tf,
      List<StateVariable> weights,
      List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate) {
    Ops adam = tf.withSubScope("adam");
    if (iterations == null) {
      createSlots(adam, weights);
    }
    Ops afterGradients = Optimizer.afterAll(adam, gradients);
    Operand<TFloat32> step = afterGradients.assignAdd(iterations, adam.constant(1f));
    Operand<TFloat32> beta1 = adam.constant(BETA1);
    Operand<TFloat32> beta2 = adam.constant(BETA2);
    Operand<TFloat32> beta1Power = adam.math.pow(beta1, step);
    Operand<TFloat32> beta2Power = adam.math.pow(beta2, step);
    Operand<TFloat32> epsilon = adam.constant(EPSILON);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      updates.add(
          afterGradients.train.applyAdam(
              weights.get(i).variable(),
              firstMoments.get(i),
              secondMoments.get(i),
              beta1Power,
              beta2Power,
              learningRate,
              beta1,
              beta2,
              epsilon,
              gradients.get(i)));
    }
    return adam.withControlDependencies(updates).withName("update").noOp();
  }

  private void createSlots(Ops adam, List<StateVariable> weights) {
    iterations = adam.withName("iterations").variable(Shape.scalar(), TFloat32.class);
    slots.add(new StateVariable(OptimizerKind.STEP_KEY, iterations, new long[0]));
    for (int i = 0; i < weights.size(); i++) {
      StateVariable w = weights.get(i);
      Shape shape = Shape.of(w.shape());
      Variable<TFloat32> m = adam.withName("m_" + i).variable(shape, TFloat32.class);
      Variable<TFloat32> v = adam.withName("v_" + i).variable(shape, TFloat32.class);
      firstMoments.add(m);
      secondMoments.add(v);
      slots.add(new StateVariable(OptimizerKind.ADAM.slotKey(0, w.name()), m, w.shape()));
      slots.add(new StateVariable(OptimizerKind.ADAM.slotKey(1, w.name()), v, w.shape()));
    }
  }

  @Override
  public List<StateVariable> slots() {
    return List.copyOf(slots);
  }
}
