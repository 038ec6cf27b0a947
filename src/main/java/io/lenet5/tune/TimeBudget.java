package io.lenet5.tune;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A Hyperband search's wall-time budget: a new bracket opens only while the estimate says it ends
 * within {@code seconds} of the search's start. The estimate rests on this search's own trials:
 * their measured seconds per epoch, trials at once included, times the bracket's epochs shared by
 * the slots, but never less than its longest chain of epochs, which one slot trains alone.
 */
public final class TimeBudget {
  private final double seconds;
  private final int slots;
  private final LongSupplier clockMillis;
  private final PrintStream log;
  private long startedAtMillis = -1;
  private double measuredSeconds;
  private long measuredEpochs;

  /**
   * @param slots trials training at once
   * @param clockMillis the wall clock, in milliseconds since the epoch
   */
  public TimeBudget(double seconds, int slots, LongSupplier clockMillis, PrintStream log) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds: expected > 0, received " + seconds);
    }
    if (slots < 1) {
      throw new IllegalArgumentException("slots: expected >= 1, received " + slots);
    }
    this.seconds = seconds;
    this.slots = slots;
    this.clockMillis = clockMillis;
    this.log = log;
  }

  /** The wall clock now. */
  long now() {
    return clockMillis.getAsLong();
  }

  /** Counts from {@code millis}, when the search started, as {@code oracle.json} records it. */
  void startedAt(long millis) {
    startedAtMillis = millis;
  }

  /** Records that a trial trained {@code epochs} epochs in {@code wallSeconds}. */
  public synchronized void trained(int epochs, double wallSeconds) {
    measuredEpochs += epochs;
    measuredSeconds += wallSeconds;
  }

  /** Whether {@code bracket} of {@code schedule} is estimated to end within the budget. */
  synchronized boolean fits(HyperbandSchedule schedule, BracketId bracket) {
    if (startedAtMillis < 0) {
      throw new IllegalStateException("the budget's start is not set");
    }
    if (measuredEpochs == 0) {
      return true; // nothing to estimate from: the first bracket always opens
    }
    double perEpoch = measuredSeconds / measuredEpochs;
    long epochs = 0;
    for (int round = 0; round < schedule.roundCount(bracket.bracket()); round++) {
      epochs +=
          (long) schedule.size(bracket.bracket(), round)
              * (schedule.epochs(bracket.bracket(), round)
                  - schedule.initialEpoch(bracket.bracket(), round));
    }
    double estimate = perEpoch * Math.max((double) epochs / slots, schedule.maxEpochs());
    double elapsed = (now() - startedAtMillis) / 1000.0;
    if (elapsed + estimate <= seconds) {
      return true;
    }
    log.printf(
        Locale.ROOT,
        "time budget: not opening bracket %d of iteration %d: after %.0f s, its estimated %.0f s"
            + " would end past the budget of %.0f s; the brackets in flight finish%n",
        bracket.bracket(),
        bracket.iteration(),
        elapsed,
        estimate,
        seconds);
    return false;
  }
}
