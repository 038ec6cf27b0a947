package io.lenet5.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.SpecNames;
import java.util.Locale;

/** The optimizers a run can use. */
public enum OptimizerKind {
  ADAM,
  SGD;

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
