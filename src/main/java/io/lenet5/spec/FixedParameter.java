package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;
import java.util.List;
import java.util.random.RandomGenerator;

/** A value every trial takes, recorded with the trial's hyperparameters. */
public record FixedParameter(String name, Object value) implements SearchParameter {
  /** Requires a number, string or boolean. */
  public FixedParameter {
    Ranges.checkName(name);
    value = normalise(value);
  }

  @JsonCreator
  static FixedParameter fromJson(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "value", required = true) Object value) {
    return new FixedParameter(name, value);
  }

  @Override
  public Object sample(RandomGenerator random) {
    return value;
  }

  @Override
  public List<Object> extremes() {
    return List.of(value);
  }

  /** Integers as Long, other numbers as Double, so values compare and serialise one way. */
  static Object normalise(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    throw new UserException("expected a number, string or boolean, got " + value);
  }
}
