package io.lenet5.spec;

import io.lenet5.UserException;

/** Checks shared by the numeric search parameters. */
final class Ranges {
  private Ranges() {}

  static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new UserException("name: expected a knob name such as learningRate, got " + name);
    }
  }

  static void check(String name, double min, double max, Sampling sampling) {
    checkName(name);
    if (!Double.isFinite(min) || !Double.isFinite(max) || !(min <= max)) {
      throw new UserException("max: must be >= min (" + min + "), got " + max);
    }
    if (sampling == Sampling.LOG && !(min > 0)) {
      throw new UserException("min: must be > 0 for log sampling, got " + min);
    }
  }
}
