package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;
import java.util.List;
import java.util.random.RandomGenerator;

/** An integer in [min, max] on a grid of {@code step}, sampled linearly or in log space. */
public record IntParameter(String name, long min, long max, Sampling sampling, long step)
    implements SearchParameter {
  /** Validates the range; messages name the field. */
  public IntParameter {
    Ranges.check(name, min, max, sampling);
    if (step < 1) {
      throw new UserException("step: must be >= 1, got " + step);
    }
  }

  @JsonCreator
  static IntParameter fromJson(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "min", required = true) long min,
      @JsonProperty(value = "max", required = true) long max,
      @JsonProperty("sampling") Sampling sampling,
      @JsonProperty("step") Long step) {
    return new IntParameter(
        name, min, max, sampling == null ? Sampling.LINEAR : sampling, step == null ? 1 : step);
  }

  @Override
  public Object sample(RandomGenerator random) {
    long count = (max - min) / step + 1;
    if (sampling == Sampling.LINEAR) {
      return min + random.nextLong(count) * step;
    }
    double u = random.nextDouble();
    double value = Math.exp(Math.log(min) + u * (Math.log(max + 1.0) - Math.log(min)));
    long index = Math.min(count - 1, (long) Math.floor((value - min) / step));
    return min + index * step;
  }

  @Override
  public List<Object> extremes() {
    return List.of(min, min + (max - min) / step * step);
  }
}
