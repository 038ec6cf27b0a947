package io.lenet5.tune;

import io.lenet5.UserException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Runs a trial again when its run broke down, Keras Tuner's {@code max_retries_per_trial}: an
 * executor that throws (a job that failed after Spark's own retries, a lost connection) gets the
 * same task again, up to {@code retries} times. A trial that fails for a reason of its own, such as
 * a diverged loss, comes back as a failed outcome and is never retried, nor is a user's mistake or
 * an interrupt.
 */
public final class RetryingExecutor implements TrialExecutor {
  private final TrialExecutor executor;
  private final int retries;
  private final PrintStream log;

  /**
   * Wraps {@code executor}.
   *
   * @param retries runs after the first, >= 0
   * @param log where each retry is said
   */
  public RetryingExecutor(TrialExecutor executor, int retries, PrintStream log) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries: expected >= 0, received " + retries);
    }
    this.executor = executor;
    this.retries = retries;
    this.log = log;
  }

  @Override
  public TrialOutcome run(TrialTask task) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return executor.run(task);
      } catch (UserException | InterruptedException e) {
        throw e;
      } catch (Exception e) {
        if (attempt > retries || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        log.printf(
            Locale.ROOT,
            "trial %s: its run broke down (%s); running it again (retry %d of %d)%n",
            task.trial().id(),
            firstLine(e),
            attempt,
            retries);
      }
    }
  }

  @Override
  public int defaultParallelTrials() {
    return executor.defaultParallelTrials();
  }

  @Override
  public void close() throws Exception {
    executor.close();
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
