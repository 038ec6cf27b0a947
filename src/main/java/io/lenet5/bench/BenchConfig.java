package io.lenet5.bench;

import io.lenet5.model.ModelConfig;

/**
 * What a benchmark run measures and how long.
 *
 * @param steps training steps per variant per repeat
 * @param repeats rounds; each round runs every variant once, in turn, so that the load from other
 *     processes falls on all of them alike
 * @param warmupSteps steps per variant before measuring (oneDNN builds its kernels on first use)
 * @param threads intra-op threads of the default variant (the machine's cores unless set)
 * @param allVariants measure every {@link Variant#standard} variant, not only the default
 * @param profileSteps traced steps for a per-kernel profile of the default variant, 0 for none
 * @param churnSessions sessions to create and close in a row for the memory check, 0 for none
 * @param fmaUnits FMA units per core assumed for the FP32 peak
 * @param clockGhz clock for the FP32 peak, 0 to detect it, else within {@link
 *     PeakFlops#MIN_CLOCK_GHZ}..{@link PeakFlops#MAX_CLOCK_GHZ}
 * @param model the member of the LeNet-5 family every variant trains
 */
public record BenchConfig(
    int batchSize,
    int steps,
    int repeats,
    int warmupSteps,
    int threads,
    boolean allVariants,
    int profileSteps,
    int churnSessions,
    int fmaUnits,
    double clockGhz,
    long seed,
    ModelConfig model) {
  public BenchConfig {
    if (batchSize < 1 || steps < 1 || repeats < 1 || threads < 1 || fmaUnits < 1) {
      throw new IllegalArgumentException(
          "batch size, steps, repeats, threads and FMA units must"
              + " be >= 1: "
              + batchSize
              + ", "
              + steps
              + ", "
              + repeats
              + ", "
              + threads
              + ", "
              + fmaUnits);
    }
    if (warmupSteps < 0 || profileSteps < 0 || churnSessions < 0) {
      throw new IllegalArgumentException("warm-up, profile and churn must be >= 0");
    }
    if (clockGhz != 0
        && !(clockGhz >= PeakFlops.MIN_CLOCK_GHZ && clockGhz <= PeakFlops.MAX_CLOCK_GHZ)) {
      throw new IllegalArgumentException("clock must be 0 (detect) or a clock in GHz: " + clockGhz);
    }
  }

  /** A copy that trains {@code value}, e.g. a model fitted to the data's images and classes. */
  public BenchConfig withModel(ModelConfig value) {
    return new BenchConfig(
        batchSize,
        steps,
        repeats,
        warmupSteps,
        threads,
        allVariants,
        profileSteps,
        churnSessions,
        fmaUnits,
        clockGhz,
        seed,
        value);
  }
}
