package io.lenet5.tune;

import java.nio.file.Path;

/**
 * Where a search keeps its files, beside the oracle's {@code oracle.json} and {@code trials/}:
 * {@code spec.json}, {@code checkpoints/trial_NNNN.ckpt}, {@code histories/trial_NNNN.json}, {@code
 * results.json}, {@code results.csv} and {@code best/}.
 */
public record TuneLayout(Path directory) {
  /** The spec the search runs, with its fingerprint. */
  public Path spec() {
    return directory.resolve("spec.json");
  }

  /** A trial's checkpoint, which its promoted children continue from. */
  public Path checkpoint(String trialId) {
    return directory.resolve(checkpointName(trialId));
  }

  /** A trial's checkpoint relative to the search's folder, as its history records it. */
  public static String checkpointName(String trialId) {
    return "checkpoints/trial_" + trialId + ".ckpt";
  }

  /** A trial's per-epoch metrics and timings. */
  public Path history(String trialId) {
    return directory.resolve("histories").resolve("trial_" + trialId + ".json");
  }

  /** Ranked trials as JSON. */
  public Path resultsJson() {
    return directory.resolve("results.json");
  }

  /** Ranked trials as CSV. */
  public Path resultsCsv() {
    return directory.resolve("results.csv");
  }

  /** The best trial's model. */
  public Path best() {
    return directory.resolve("best");
  }
}
