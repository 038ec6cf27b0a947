package io.lenet5.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.UserException;
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
    for (OptimizerKind k : values()) {
      if (k.specName().equals(name)) {
        return k;
      }
    }
    throw new UserException("expected one of adam, sgd, got '" + UserException.shown(name) + "'");
  }
}
