package io.lenet5.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything a benchmark run measured, as printed and as written with {@code --json}.
 *
 * @param variants training throughput of each variant, the default first
 * @param inference images per second of {@code evaluate} at {@code inferenceBatchSize}
 * @param secondsPerEpoch training {@code trainImages} plus validating {@code validationImages} at
 *     the default variant's medians, extrapolated from the steps measured
 * @param peakRssMib the process's peak resident memory (VmHWM), all variants' sessions included
 * @param profile per-kernel profile of the default variant, or null
 * @param churn resident memory across many sessions, or null
 */
public record BenchReport(
    BenchConfig config,
    Map<String, String> versions,
    String flopModel,
    PeakFlops peak,
    List<VariantResult> variants,
    int inferenceBatchSize,
    Stats inference,
    int trainImages,
    int validationImages,
    double secondsPerEpoch,
    double peakRssMib,
    StepProfile profile,
    SessionChurn churn) {

  /**
   * Training throughput of one variant.
   *
   * @param imagesPerSecond all its sessions together, over the repeats
   * @param gflops achieved at the median, by {@link FlopModel#TRAINING}
   * @param fractionOfPeak {@code gflops} over the machine's FP32 peak
   */
  public record VariantResult(
      String name,
      String setup,
      int sessions,
      int threadsPerSession,
      int interOpThreads,
      Stats imagesPerSecond,
      double gflops,
      double fractionOfPeak) {}
}
