package io.lenet5.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Decoupled weight decay around another update rule, as Keras' {@code weight_decay} does it: once
 * the gradients are computed, every weight is multiplied by {@code 1 - learningRate * decay}, and
 * then the rule applies the gradients. Unlike an L2 term in the loss, Adam's scaling does not
 * weaken it (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", 2019).
 */
final class WeightDecay implements Optimizer {
  private final Optimizer rule;
  private final float decay;

  WeightDecay(Optimizer rule, float decay) {
    this.rule = rule;
    this.decay = decay;
  }

  @Override
  public Op build(
      Ops tf,
      List<StateVariable> weights,
      List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate) {
    Ops scope = Optimizer.afterAll(tf.withSubScope("weight_decay"), gradients);
    Operand<TFloat32> factor = scope.math.mul(learningRate, scope.constant(decay));
    List<Op> decays = new ArrayList<>();
    for (StateVariable w : weights) {
      decays.add(scope.assignSub(w.variable(), scope.math.mul(w.variable(), factor)));
    }
    // The rule waits for every gradient it is given: these wait for the decay in turn.
    Ops afterDecay = tf.withControlDependencies(decays);
    List<Operand<TFloat32>> held = new ArrayList<>();
    for (Operand<TFloat32> g : gradients) {
      held.add(afterDecay.identity(g));
    }
    return rule.build(tf, weights, held, learningRate);
  }

  @Override
  public List<StateVariable> slots() {
    return rule.slots();
  }
}
