package io.lenet5.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.SpecNames;
import java.util.Locale;
import java.util.function.Function;

/** The optimizers a run can use; a new one is a constant here and its class. */
public enum OptimizerKind {
  /** Adam with Keras' defaults. */
  ADAM(config -> new AdamOptimizer()),
  /** Stochastic gradient descent with momentum. */
  SGD(config -> new MomentumOptimizer((float) config.momentum()));

  private final Function<TrainingConfig, Optimizer> factory;

  OptimizerKind(Function<TrainingConfig, Optimizer> factory) {
    this.factory = factory;
  }

  /** The update rule for {@code config}, which names this kind. */
  Optimizer create(TrainingConfig config) {
    return factory.apply(config);
  }

  /** The name written in specs. */
  @JsonValue
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code adam} or {@code sgd}. */
  @JsonCreator
  public static OptimizerKind parse(String name) {
    return SpecNames.parse(values(), OptimizerKind::specName, name);
  }
}
