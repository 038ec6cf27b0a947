package io.lenet5.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fake search space and scores shared by the tests; no model anywhere. */
final class Fakes {
  /** A small mixed search space, one value of each JSON-friendly type. */
  static final HyperparameterSampler SAMPLER =
      rng -> {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("learning_rate", rng.nextDouble(1e-4, 1e-1));
        values.put("filters", rng.nextLong(4, 65));
        values.put("activation", rng.nextBoolean() ? "relu" : "tanh");
        values.put("batch_norm", rng.nextBoolean());
        return values;
      };

  private Fakes() {}

  static HyperbandConfig config(int maxEpochs, int factor, int iterations, Objective.Direction d) {
    String metric = d == Objective.Direction.MAX ? "val_accuracy" : "val_loss";
    return new HyperbandConfig(
        new HyperbandSchedule(maxEpochs, factor, iterations), new Objective(metric, d), 42);
  }

  /** The fake score the Keras Tuner reference runs used: {@code (index * 37) % 23}. */
  static double score(Trial trial) {
    return (trial.index() * 37) % 23;
  }

  /** "id bracket round initialEpoch-epochs parent", as the reference tables are written. */
  static String describe(Trial t) {
    return String.format(
        "%s %d %d %d-%d %s",
        t.id(),
        t.bracket(),
        t.round(),
        t.initialEpoch(),
        t.epochs(),
        t.parentId() == null ? "-" : t.parentId());
  }

  /**
   * Runs a search one trial at a time, scoring each with {@link #score} except the indices in
   * {@code failing}, which fail; returns the trials described in hand-out order.
   */
  static List<String> runSequentially(HyperbandOracle oracle, Set<Integer> failing) {
    List<String> handedOut = new ArrayList<>();
    NextTrial next;
    while ((next = oracle.nextTrial()) instanceof NextTrial.Run run) {
      Trial trial = run.trial();
      handedOut.add(describe(trial));
      if (failing.contains(trial.index())) {
        oracle.reportFailed(trial.id(), "fake failure");
      } else {
        oracle.reportCompleted(trial.id(), score(trial));
      }
    }
    if (!(next instanceof NextTrial.Finished)) {
      throw new AssertionError("a sequential run should end FINISHED, ended " + next);
    }
    return handedOut;
  }
}
