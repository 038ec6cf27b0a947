package io.lenet5.train;

import io.lenet5.UserException;
import java.util.Locale;

/** The device a user asks for: {@code cpu}, {@code gpu} (CUDA) or {@code auto}. */
public enum DeviceRequest {
  CPU,
  GPU,
  AUTO;

  /** Parses a {@code --device} value; the error lists the accepted ones. */
  public static DeviceRequest parse(String value) {
    for (DeviceRequest d : values()) {
      if (d.name().toLowerCase(Locale.ROOT).equals(value)) {
        return d;
      }
    }
    throw new UserException(
        "--device: expected one of cpu, gpu, auto, got '" + UserException.shown(value) + "'");
  }
}
