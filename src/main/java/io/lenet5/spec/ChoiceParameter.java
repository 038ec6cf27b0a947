package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;
import java.util.HashSet;
import java.util.List;
import java.util.random.RandomGenerator;

/** One of a list of values (numbers, strings or booleans), each equally likely. */
public record ChoiceParameter(String name, List<Object> values) implements SearchParameter {
  /** Requires at least one value, no duplicates, each a number, string or boolean. */
  public ChoiceParameter {
    Ranges.checkName(name);
    if (values == null || values.isEmpty()) {
      throw new UserException("values: expected a non-empty array, got " + values);
    }
    values = values.stream().map(FixedParameter::normalise).toList();
    if (new HashSet<>(values).size() != values.size()) {
      throw new UserException("values: expected distinct values, got " + values);
    }
  }

  @JsonCreator
  static ChoiceParameter fromJson(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "values", required = true) List<Object> values) {
    return new ChoiceParameter(name, values);
  }

  @Override
  public Object sample(RandomGenerator random) {
    return values.get(random.nextInt(values.size()));
  }

  @Override
  public List<Object> extremes() {
    return values;
  }
}
