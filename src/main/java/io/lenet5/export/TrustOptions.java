package io.lenet5.export;

import io.lenet5.UserException;
import java.time.Duration;
import java.util.Objects;
import org.tensorflow.proto.RunOptions;

/**
 * How far a SavedModel is trusted when it is opened.
 *
 * @param trustModel skip the op check ({@link OpAllowList}) and its size limits ({@link
 *     GraphLimits}): the model may run any op on a graph of any size
 * @param timeout the longest that loading the model, or one call of it, may run before it is
 *     stopped
 */
public record TrustOptions(boolean trustModel, Duration timeout) {
  /** Ops checked; each run stopped after five minutes, far beyond what LeNet-5 needs. */
  public static final TrustOptions DEFAULT = new TrustOptions(false, Duration.ofMinutes(5));

  /** Validates the time limit. */
  public TrustOptions {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofMillis(Long.MAX_VALUE)) > 0) {
      throw new UserException("timeout: expected at least one millisecond, got " + timeout);
    }
  }

  /** The run options that make TensorFlow stop a run after {@link #timeout}. */
  RunOptions runOptions() {
    return RunOptions.newBuilder().setTimeoutInMs(timeout.toMillis()).build();
  }
}
