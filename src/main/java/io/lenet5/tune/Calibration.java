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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Estimates a search's wall time before it runs: times a few training steps at each batch size the
 * search can pick, in as many sessions at once as trials will train at once, and one validation
 * pass, then scales by the plan's epochs. Rounds with fewer trials than places make the real search
 * somewhat slower.
 */
public final class Calibration {
  private static final int WARM_UP_STEPS = 3;
  private static final int TIMED_IMAGES = 4096;

  private Calibration() {}

  /**
   * The estimate and what it rests on.
   *
   * @param secondsPerEpoch by batch size, validation included, for one trial among {@code
   *     parallelTrials}
   */
  public record Estimate(
      SearchPlan plan, int parallelTrials, Map<Long, Double> secondsPerEpoch, double totalSeconds) {
    /** One paragraph for the terminal. */
    public String describe() {
      StringBuilder out = new StringBuilder("calibration (s/epoch incl. validation):");
      secondsPerEpoch.forEach(
          (batch, s) -> out.append(String.format(Locale.ROOT, " batch %d %.1f s;", batch, s)));
      long total = Math.round(totalSeconds);
      out.append(
          String.format(
              Locale.ROOT,
              "%nestimated wall time: about %dh%02dm%02ds for %d epochs in %d trials, %s",
              total / 3600,
              total / 60 % 60,
              total % 60,
              plan.epochsWithResume(),
              plan.totalTrials(),
              parallelTrials == 1 ? "one trial at a time" : parallelTrials + " trials at a time"));
      return out.toString();
    }
  }

  /**
   * Times each batch size once and scales to the plan, batch sizes equally likely.
   *
   * @param device each trial's device, as the search will run it
   * @param parallelTrials how many trials will train at once
   */
  public static Estimate estimate(
      TuneSpec spec, SearchPlan plan, Split split, Device device, int parallelTrials)
      throws InterruptedException {
    Map<Long, Double> perEpoch = new TreeMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallelTrials);
    try {
      for (long batch : batchSizes(spec)) {
        TrainSpec trial = spec.trialSpec(Map.of("batchSize", batch), 1);
        List<Future<Double>> sessions = new ArrayList<>();
        for (int i = 0; i < parallelTrials; i++) {
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
    double mean =
        perEpoch.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double total = plan.epochsWithResume() * mean / parallelTrials;
    return new Estimate(plan, parallelTrials, perEpoch, total);
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
