package io.lenet5.train;

import io.lenet5.SpecNames;
import io.lenet5.UserException;
import java.util.Locale;

/** The device a user asks for: {@code cpu}, {@code gpu} (CUDA) or {@code auto}. */
public enum DeviceRequest {
  CPU,
  GPU,
  AUTO;

  /** Parses a {@code --device} value; the error lists the accepted ones. */
  public static DeviceRequest parse(String value) {
    try {
      return SpecNames.parse(values(), DeviceRequest::specName, value);
    } catch (UserException e) {
      throw new UserException("--device: " + e.getMessage());
    }
  }

  /** The name users write, e.g. {@code cpu}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
