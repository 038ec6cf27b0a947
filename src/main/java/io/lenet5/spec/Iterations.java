package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.UserException;

/**
 * {@code tuner.iterations}: a number of Hyperband iterations, or {@code "auto"}, the fewest that
 * keep the search's slots busy, chosen when the search starts.
 *
 * @param fixed the number, or null for {@code "auto"}
 */
public record Iterations(Integer fixed) {
  /** The word a spec writes for a choice made at the start. */
  public static final String AUTO_NAME = "auto";

  /** {@code "auto"}. */
  public static final Iterations AUTO = new Iterations(null);

  /** Requires a number >= 1 when fixed. */
  public Iterations {
    if (fixed != null && fixed < 1) {
      throw new UserException("tuner.iterations: must be >= 1, got " + fixed);
    }
  }

  /** Whether the count is chosen when the search starts. */
  public boolean auto() {
    return fixed == null;
  }

  @JsonCreator
  static Iterations fromJson(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return new Iterations(value.intValue());
    }
    if (value.isTextual() && AUTO_NAME.equals(value.textValue())) {
      return AUTO;
    }
    throw new UserException(
        "tuner.iterations: expected an integer >= 1 or \""
            + AUTO_NAME
            + "\", got "
            + UserException.shown(value.toString()));
  }

  /** The spec's JSON: the number, or {@code "auto"}, so a fixed count keeps its fingerprint. */
  @JsonValue
  Object json() {
    return fixed != null ? fixed : AUTO_NAME;
  }
}
