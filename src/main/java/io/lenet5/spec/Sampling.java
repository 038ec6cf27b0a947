package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.SpecNames;

/** How a numeric range is sampled: uniformly, or uniformly in log space (Keras Tuner's terms). */
public enum Sampling {
  LINEAR,
  LOG;

  /** The name written in specs. */
  @JsonValue
  public String specName() {
    return this == LINEAR ? "linear" : "log";
  }

  /** Parses {@code linear} or {@code log}. */
  @JsonCreator
  public static Sampling parse(String name) {
    return SpecNames.parse(values(), Sampling::specName, name);
  }
}
