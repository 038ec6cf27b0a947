package io.lenet5.tune;

import io.lenet5.spec.TuneSpec;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;

/**
 * A search run on a simulated clock: the spec's own oracle and {@link TunerLoop}, with each trial
 * taking the seconds a cost model gives on one of {@code slots} places. Trials score a value drawn
 * from the spec's seed and the trial's id, so which trial is promoted, and so its batch size, is
 * fixed too: the same inputs give the same figures. Nothing is written.
 */
public final class HandOutSimulation {
  private HandOutSimulation() {}

  /**
   * What the simulated search took.
   *
   * @param busyFraction the slots' seconds spent training over {@code slots * wallSeconds}
   * @param firstFullSeconds when the first trial trained to the plan's most epochs ended
   */
  public record Result(
      int slots, double wallSeconds, double busyFraction, double firstFullSeconds, int trials) {
    /** One line for the terminal. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "on %d slot%s: wall time about %s, slots busy %.0f%%, first fully trained configuration"
              + " after %s",
          slots,
          slots == 1 ? "" : "s",
          clock(wallSeconds),
          100 * busyFraction,
          clock(firstFullSeconds));
    }
  }

  /** {@code 1h02m03s}, or {@code 2m03s} under an hour. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  /**
   * Runs {@code spec}'s search on {@code slots} simulated places.
   *
   * @param secondsOnOneSlot what one trial takes, its epochs and setup included
   */
  public static Result run(TuneSpec spec, int slots, ToDoubleFunction<Trial> secondsOnOneSlot) {
    return run(spec, evenSlots(slots), secondsOnOneSlot);
  }

  /**
   * Runs {@code spec}'s search on slots of uneven speed: a trial takes {@code slowdowns[i]} times
   * its seconds on slot i, and starts on the free slot of lowest index.
   */
  public static Result run(
      TuneSpec spec, double[] slowdowns, ToDoubleFunction<Trial> secondsOnOneSlot) {
    return run(
        Tuner.start(spec, TrialStore.discarding(), slowdowns.length),
        spec.seed(),
        slowdowns,
        secondsOnOneSlot);
  }

  /** {@code slots} slots of the same speed. */
  static double[] evenSlots(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots: expected >= 1, received " + slots);
    }
    double[] slowdowns = new double[slots];
    Arrays.fill(slowdowns, 1.0);
    return slowdowns;
  }

  /**
   * Runs {@code oracle}, new and keeping nothing, on simulated slots.
   *
   * @param seed draws the trials' scores
   */
  static Result run(
      Oracle oracle, long seed, double[] slowdowns, ToDoubleFunction<Trial> secondsOnOneSlot) {
    int slots = slowdowns.length;
    Clock clock = new Clock(secondsOnOneSlot, slowdowns, oracle.plan().maxEpochs());
    TunerLoop.TrialRun score =
        trial -> {
          long mixed = seed * 0x9E3779B97F4A7C15L + trial.id().hashCode();
          return new TrialResult.Completed(new SplittableRandom(mixed).nextDouble());
        };
    try {
      new TunerLoop(
              oracle,
              score,
              TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES,
              slots,
              reported -> {},
              run -> clock.slots(run))
          .run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("a simulated trial cannot fail", e);
    }
    double wall = clock.now;
    return new Result(
        slots,
        wall,
        wall > 0 ? clock.busySeconds / (slots * wall) : 0,
        clock.firstFull,
        oracle.trials().size());
  }

  /** The simulated time, and the trials in flight ordered by when they end. */
  private static final class Clock {
    private final ToDoubleFunction<Trial> cost;
    private final double[] slowdowns;
    private final boolean[] occupied;
    private final int maxEpochs;
    private final PriorityQueue<End> ends =
        new PriorityQueue<>(Comparator.comparingDouble(End::at).thenComparingLong(End::order));
    private double now;
    private double busySeconds;
    private double firstFull = Double.NaN;
    private long started;

    Clock(ToDoubleFunction<Trial> cost, double[] slowdowns, int maxEpochs) {
      this.cost = cost;
      this.slowdowns = slowdowns.clone();
      this.occupied = new boolean[slowdowns.length];
      this.maxEpochs = maxEpochs;
    }

    private record End(
        double at, long order, int slot, Trial trial, CompletableFuture<TrialResult> done) {}

    TunerLoop.Slots slots(TunerLoop.TrialRun run) {
      return new TunerLoop.Slots() {
        @Override
        public Future<TrialResult> start(Trial trial) {
          int slot = 0;
          while (occupied[slot]) {
            slot++; // the loop starts a trial only with a slot free
          }
          occupied[slot] = true;
          double seconds = cost.applyAsDouble(trial) * slowdowns[slot];
          busySeconds += seconds;
          CompletableFuture<TrialResult> done = new CompletableFuture<>();
          ends.add(new End(now + seconds, started++, slot, trial, done));
          return done;
        }

        @Override
        public void awaitEnd() {
          End end = ends.poll();
          if (end == null) {
            throw new IllegalStateException("the loop waits with no simulated trial in flight");
          }
          now = end.at();
          occupied[end.slot()] = false;
          if (end.trial().epochs() >= maxEpochs && Double.isNaN(firstFull)) {
            firstFull = now;
          }
          try {
            end.done().complete(run.run(end.trial()));
          } catch (Exception e) {
            end.done().completeExceptionally(e);
          }
        }

        @Override
        public void close() {}
      };
    }
  }
}
