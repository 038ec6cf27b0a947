package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;
import java.util.List;
import java.util.random.RandomGenerator;

/** A real number in [min, max], sampled linearly or in log space, optionally on a step grid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FloatParameter(String name, double min, double max, Sampling sampling, Double step)
    implements SearchParameter {
  /** Validates the range; messages name the field. */
  public FloatParameter {
    Ranges.check(name, min, max, sampling);
    if (step != null && !(step > 0)) {
      throw new UserException("step: must be > 0, got " + step);
    }
  }

  @JsonCreator
  static FloatParameter fromJson(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "min", required = true) double min,
      @JsonProperty(value = "max", required = true) double max,
      @JsonProperty("sampling") Sampling sampling,
      @JsonProperty("step") Double step) {
    return new FloatParameter(name, min, max, sampling == null ? Sampling.LINEAR : sampling, step);
  }

  @Override
  public Object sample(RandomGenerator random) {
    double u = random.nextDouble();
    double value =
        sampling == Sampling.LOG
            ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)))
            : min + u * (max - min);
    if (step != null) {
      value = Math.min(max, min + Math.floor((value - min) / step) * step);
    }
    return value;
  }

  @Override
  public List<Object> extremes() {
    return List.of(min, max);
  }
}
