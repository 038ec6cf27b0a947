package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One hyperparameter of a search space. JSON picks the kind with {@code "type"}: {@code float},
 * {@code int}, {@code choice} or {@code fixed} (explicit subtypes, no default typing).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FloatParameter.class, name = "float"),
  @JsonSubTypes.Type(value = IntParameter.class, name = "int"),
  @JsonSubTypes.Type(value = ChoiceParameter.class, name = "choice"),
  @JsonSubTypes.Type(value = FixedParameter.class, name = "fixed")
})
public sealed interface SearchParameter
    permits FloatParameter, IntParameter, ChoiceParameter, FixedParameter {
  /** The knob it sets: a field of the spec's {@code model} or {@code training} section. */
  String name();

  /** Draws a value (Double, Long, String or Boolean) from {@code random} only. */
  Object sample(RandomGenerator random);

  /** Values that must all be valid for the knob: bounds or every choice. */
  List<Object> extremes();
}
