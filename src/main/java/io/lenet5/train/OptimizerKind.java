package io.lenet5.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.SpecNames;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The optimizers a run can use; a new one is a constant here and its class. */
public enum OptimizerKind {
  /** Adam with Keras' defaults. */
  ADAM(List.of("m", "v"), config -> new AdamOptimizer()),
  /** Stochastic gradient descent with momentum. */
  SGD(List.of("momentum"), config -> new MomentumOptimizer((float) config.momentum()));

  /** The checkpoint name of the step counter, which optimizers that count steps keep. */
  public static final String STEP_KEY = "optimizer/iterations";

  private final List<String> slots;
  private final Function<TrainingConfig, Optimizer> factory;

  OptimizerKind(List<String> slots, Function<TrainingConfig, Optimizer> factory) {
    this.slots = slots;
    this.factory = factory;
  }

  /** The names of the slots this rule keeps per weight, as checkpoints spell them. */
  public List<String> slots() {
    return slots;
  }

  /** The checkpoint name of slot {@code index} of {@link #slots} for {@code weight}. */
  public String slotKey(int index, String weight) {
    return "optimizer/" + slots.get(index) + "/" + weight;
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
