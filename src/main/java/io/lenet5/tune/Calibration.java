package io.lenet5.tune;

import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.spec.ChoiceParameter;
import io.lenet5.spec.SearchParameter;
import io.lenet5.spec.TrainSpec;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.BatchFeeder;
import io.lenet5.train.Device;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Estimates a search's wall time before it runs: times a few training steps at each batch size the
 * search can pick, in as many sessions at once as trials will train at once, and one validation
 * pass, then runs the search's own hand-out on a simulated clock with those epoch times ({@link
 * HandOutSimulation}).
 */
public final class Calibration {
  private static final int WARM_UP_STEPS = 3;
  private static final int TIMED_IMAGES = 4096;

  private Calibration() {}

  /**
   * Epoch times by batch size, validation included, for one trial among those training at once.
   *
   * @param secondsPerTrial what each trial pays besides its epochs, e.g. a cluster's task overhead
   */
  public record EpochTimes(NavigableMap<Long, Double> secondsPerEpoch, double secondsPerTrial) {
    /** Requires at least one batch size. */
    public EpochTimes {
      if (secondsPerEpoch.isEmpty()) {
        throw new IllegalArgumentException("secondsPerEpoch: expected a batch size, received none");
      }
      secondsPerEpoch = Collections.unmodifiableNavigableMap(new TreeMap<>(secondsPerEpoch));
    }

    /**
     * The seconds of an epoch at {@code batch}: between timed sizes, linear in 1 / batch, as a step
     * costs about the same at any batch size and the image time is the same; beyond them, the
     * nearest.
     */
    public double at(long batch) {
      Map.Entry<Long, Double> below = secondsPerEpoch.floorEntry(batch);
      Map.Entry<Long, Double> above = secondsPerEpoch.ceilingEntry(batch);
      if (below == null || above == null || below.getKey().equals(above.getKey())) {
        return (below != null ? below : above).getValue();
      }
      double share =
          (1.0 / below.getKey() - 1.0 / batch) / (1.0 / below.getKey() - 1.0 / above.getKey());
      return below.getValue() + share * (above.getValue() - below.getValue());
    }

    /** What {@code trial} of {@code spec}'s search takes on one slot. */
    public double trialSeconds(TuneSpec spec, Trial trial) {
      long batch = spec.trialSpec(trial.hyperparameters(), trial.epochs()).training().batchSize();
      return (trial.epochs() - trial.initialEpoch()) * at(batch) + secondsPerTrial;
    }

    /** One line for the terminal. */
    public String describe() {
      StringBuilder out = new StringBuilder("calibration (s/epoch incl. validation):");
      secondsPerEpoch.forEach(
          (batch, s) -> out.append(String.format(Locale.ROOT, " batch %d %.1f s;", batch, s)));
      if (secondsPerTrial > 0) {
        out.append(String.format(Locale.ROOT, " %.1f s more per trial", secondsPerTrial));
      }
      return out.toString();
    }

    /** The same epoch times with {@code seconds} more per trial. */
    public EpochTimes plusPerTrial(double seconds) {
      return new EpochTimes(secondsPerEpoch, secondsPerTrial + seconds);
    }
  }

  /**
   * The estimate and what it rests on.
   *
   * @param simulated the search on the simulated clock
   */
  public record Estimate(SearchPlan plan, EpochTimes times, HandOutSimulation.Result simulated) {
    /** Two lines for the terminal. */
    public String describe() {
      int slots = simulated.slots();
      return String.format(
          Locale.ROOT,
          "estimated wall time: about %s for %d epochs in %d trials, %s%nsimulated hand-out %s",
          HandOutSimulation.clock(simulated.wallSeconds()),
          plan.epochsWithResume(),
          plan.totalTrials(),
          slots == 1 ? "one trial at a time" : slots + " trials at a time",
          simulated.describe());
    }
  }

  /**
   * Times each batch size once, in {@code sessionsAtOnce} sessions at once.
   *
   * @param device each session's device, as the search will run its trials
   */
  public static EpochTimes time(TuneSpec spec, Split split, Device device, int sessionsAtOnce)
      throws InterruptedException {
    NavigableMap<Long, Double> perEpoch = new TreeMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(sessionsAtOnce);
    try {
      for (long batch : batchSizes(spec)) {
        TrainSpec trial = spec.trialSpec(Map.of("batchSize", batch), 1);
        List<Future<Double>> sessions = new ArrayList<>();
        for (int i = 0; i < sessionsAtOnce; i++) {
          sessions.add(pool.submit(() -> secondsPerEpoch(trial, split, device)));
        }
        double slowest = 0;
        for (Future<Double> f : sessions) {
          slowest = Math.max(slowest, get(f));
        }
        perEpoch.put(batch, slowest);
      }
    } finally {
      pool.shutdownNow();
    }
    return new EpochTimes(perEpoch, 0);
  }

  /** Runs {@code spec}'s search on {@code slots} simulated slots with {@code times}. */
  public static Estimate estimate(TuneSpec spec, EpochTimes times, int slots) {
    return new Estimate(
        Tuner.plan(spec, slots),
        times,
        HandOutSimulation.run(spec, slots, trial -> times.trialSeconds(spec, trial)));
  }

  private static double get(Future<Double> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static List<Long> batchSizes(TuneSpec spec) {
    for (SearchParameter p : spec.searchSpace()) {
      if (p.name().equals("batchSize")) {
        List<Long> sizes = new ArrayList<>();
        (p instanceof ChoiceParameter c ? c.values() : p.extremes())
            .forEach(v -> sizes.add(((Number) v).longValue()));
        return sizes;
      }
    }
    return List.of((long) spec.training().batchSize());
  }

  private static double secondsPerEpoch(TrainSpec spec, Split split, Device device) {
    int batch = spec.training().batchSize();
    Dataset train = split.train();
    int steps = Math.max(5, TIMED_IMAGES / batch);
    float rate = (float) spec.training().learningRate();
    BatchFeeder feeder = new BatchFeeder(train, batch, 0);
    try (TrainingSession session = new TrainingSession(spec.model(), spec.training(), device)) {
      session.initialize(spec.seed());
      // At least one whole chain: its first run sets up the chained steps.
      feeder.train(session, Math.max(WARM_UP_STEPS, session.stepsPerRun()), rate);
      long start = System.nanoTime();
      feeder.train(session, steps, rate);
      double secondsPerImage = (System.nanoTime() - start) / 1e9 / (steps * (double) batch);
      long evalStart = System.nanoTime();
      session.evaluate(split.validation(), Trainer.EVAL_BATCH_SIZE);
      double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
      return train.size() * secondsPerImage + evalSeconds;
    }
  }
}
