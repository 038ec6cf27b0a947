package io.lenet5.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything a benchmark run measured, as printed and as written with {@code --json}.
 *
 * @param speedSettings the environment variables of {@link Bench#SPEED_SETTINGS} set for this
 *     process, by name
 * @param loadBefore the machine's 1-minute load average when the run started
 * @param loadAfter the same when the measurements ended
 * @param gemmGflops float32 GFLOP/s of TensorFlow's {@value GemmProbe#SIZE}-square matrix product
 *     on the default variant's threads, a practical ceiling beside {@code peak}
 * @param variants training throughput of each variant, the default first
 * @param augmentation Java time per image of each training augmentation, against the default's step
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
    Map<String, String> speedSettings,
    double loadBefore,
    double loadAfter,
    String flopModel,
    PeakFlops peak,
    Stats gemmGflops,
    List<VariantResult> variants,
    List<AugmentationResult> augmentation,
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
   * @param cpuMicrosPerImage median process CPU time per training image, which depends less than
   *     wall time on other load
   * @param gflops achieved at the median, by {@link FlopModel#training}
   * @param fractionOfPeak {@code gflops} over the machine's FP32 peak
   * @param fractionOfGemm {@code gflops} over the median GEMM ceiling
   */
  public record VariantResult(
      String name,
      String setup,
      int sessions,
      int threadsPerSession,
      int interOpThreads,
      Stats imagesPerSecond,
      double cpuMicrosPerImage,
      double gflops,
      double fractionOfPeak,
      double fractionOfGemm) {}

  /**
   * Cost of one training augmentation, which runs in Java before each step.
   *
   * @param microsPerImage wall time per image, over the repeats
   * @param fractionOfStep the median over the default variant's median wall time per training image
   *     (its step at the report's batch size, per image)
   */
  public record AugmentationResult(
      String name, String setup, Stats microsPerImage, double fractionOfStep) {}
}
