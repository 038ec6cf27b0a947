package io.lenet5.tune;

import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.spec.ChoiceParameter;
import io.lenet5.spec.SearchParameter;
import io.lenet5.spec.TrainSpec;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Device;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Estimates a search's wall time before it runs: times a few training steps at each batch size the
 * search can pick, and one validation pass, then scales by the schedule's epochs.
 */
public final class Calibration {
  private static final int WARM_UP_STEPS = 3;
  private static final int TIMED_IMAGES = 4096;

  private Calibration() {}

  /**
   * The estimate and what it rests on.
   *
   * @param secondsPerEpoch by batch size, validation included
   */
  public record Estimate(
      HyperbandSchedule schedule, Map<Long, Double> secondsPerEpoch, double totalSeconds) {
    /** One paragraph for the terminal. */
    public String describe() {
      StringBuilder out = new StringBuilder("calibration (s/epoch incl. validation):");
      secondsPerEpoch.forEach(
          (batch, s) -> out.append(String.format(Locale.ROOT, " batch %d %.1f s;", batch, s)));
      long total = Math.round(totalSeconds);
      out.append(
          String.format(
              Locale.ROOT,
              "%nestimated wall time: about %dh%02dm%02ds for %d epochs in %d trials, one trial at a time",
              total / 3600,
              total / 60 % 60,
              total % 60,
              schedule.epochsWithResume(),
              schedule.totalTrials()));
      return out.toString();
    }
  }

  /** Times each batch size once and scales to the schedule, batch sizes equally likely. */
  public static Estimate estimate(
      TuneSpec spec, HyperbandSchedule schedule, Split split, Device device) {
    Map<Long, Double> perEpoch = new java.util.TreeMap<>();
    for (long batch : batchSizes(spec)) {
      TrainSpec trial = spec.trialSpec(Map.of("batchSize", batch), 1);
      perEpoch.put(batch, secondsPerEpoch(trial, split, device));
    }
    double mean =
        perEpoch.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double total = schedule.epochsWithResume() * mean;
    return new Estimate(schedule, perEpoch, total);
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
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i % train.size();
    }
    float[] pixels = new float[batch * Dataset.PIXELS];
    int[] labels = new int[batch];
    try (TrainingSession session = new TrainingSession(spec.model(), spec.training(), device)) {
      session.initialize(spec.seed());
      long start = 0;
      for (int step = 0; step < WARM_UP_STEPS + steps; step++) {
        if (step == WARM_UP_STEPS) {
          start = System.nanoTime();
        }
        int from = (step * batch) % Math.max(1, train.size() - batch);
        int count = Math.min(batch, train.size() - from);
        train.fillBatch(order, from, count, pixels, labels);
        session.step(pixels, labels, count, (float) spec.training().learningRate());
      }
      double secondsPerImage = (System.nanoTime() - start) / 1e9 / (steps * (double) batch);
      long evalStart = System.nanoTime();
      session.evaluate(split.validation(), Trainer.EVAL_BATCH_SIZE);
      double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
      return train.size() * secondsPerImage + evalSeconds;
    }
  }
}
