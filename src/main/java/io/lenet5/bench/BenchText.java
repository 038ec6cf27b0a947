package io.lenet5.bench;

import io.lenet5.train.TrainingConfig;
import java.util.Locale;
import java.util.stream.Collectors;

/** The human-readable form of a {@link BenchReport}. */
public final class BenchText {
  private BenchText() {}

  /** Several lines, one figure per line, each saying how it was measured. */
  public static String format(BenchReport r) {
    StringBuilder s = new StringBuilder();
    BenchConfig c = r.config();
    line(
        s,
        "bench: batch %d, %d steps x %d repeats per variant (interleaved), warm-up %d steps;"
            + " TensorFlow %s, %d cores",
        c.batchSize(),
        c.steps(),
        c.repeats(),
        c.warmupSteps(),
        r.versions().get("tensorflow"),
        r.peak().cores());
    line(
        s,
        "machine load average %.1f at start, %.1f at end; TensorFlow/oneDNN settings: %s",
        r.loadBefore(),
        r.loadAfter(),
        r.speedSettings().isEmpty()
            ? "none"
            : r.speedSettings().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
    line(s, "%s", r.flopModel());
    line(s, "%s", r.peak().describe());
    line(
        s,
        "GEMM ceiling: TensorFlow MatMul %dx%d float32, %.0f GFLOP/s median = %.1f%% of peak",
        GemmProbe.SIZE,
        GemmProbe.SIZE,
        r.gemmGflops().median(),
        100 * r.gemmGflops().median() / r.peak().gflops());
    if (r.gemmGflops().median() > r.peak().gflops()) {
      line(
          s,
          "  (above the peak: the cores run faster than the clock reported, e.g. a turbo hidden"
              + " from this VM; read the GEMM fractions)");
    }
    line(s, "training images/s (median, min-max over repeats; CPU time per image):");
    for (BenchReport.VariantResult v : r.variants()) {
      line(
          s,
          "  %-12s %-70s %,8.0f  (%,.0f-%,.0f)  %4.0f us CPU  %5.1f GFLOP/s  %4.1f%% of peak"
              + "  %4.1f%% of GEMM",
          v.name(),
          "(" + v.setup() + ")",
          v.imagesPerSecond().median(),
          v.imagesPerSecond().min(),
          v.imagesPerSecond().max(),
          v.cpuMicrosPerImage(),
          v.gflops(),
          100 * v.fractionOfPeak(),
          100 * v.fractionOfGemm());
    }
    BenchReport.VariantResult first = r.variants().get(0);
    line(
        s,
        "augmentation in Java, us per image (median, min-max over repeats of %d batches of %d)"
            + " and share of the default's step (%.2f ms at batch %d, %.1f us per image):",
        AugmentationCost.BATCHES,
        TrainingConfig.DEFAULT.batchSize(),
        c.batchSize() * 1e3 / first.imagesPerSecond().median(),
        c.batchSize(),
        1e6 / first.imagesPerSecond().median());
    for (BenchReport.AugmentationResult a : r.augmentation()) {
      line(
          s,
          "  %-12s %-70s %6.2f  (%.2f-%.2f) us  %5.1f%% of a step",
          a.name(),
          "(" + a.setup() + ")",
          a.microsPerImage().median(),
          a.microsPerImage().min(),
          a.microsPerImage().max(),
          100 * a.fractionOfStep());
    }
    line(
        s,
        "inference images/s (evaluate, batch %d): %,.0f  (%,.0f-%,.0f)",
        r.inferenceBatchSize(),
        r.inference().median(),
        r.inference().min(),
        r.inference().max());
    line(
        s,
        "s/epoch (%,d train + %,d validation images, extrapolated from the default's medians):"
            + " %.2f",
        r.trainImages(),
        r.validationImages(),
        r.secondsPerEpoch());
    line(
        s,
        "peak resident memory (VmHWM, all variants' sessions alive at once): %.0f MiB",
        r.peakRssMib());
    if (r.profile() != null) {
      StepProfile p = r.profile();
      line(
          s,
          "profile of the default, %d traced steps: untraced wall %.0f us/step, traced kernel"
              + " span %.0f us, per-call overhead about %.0f us, kernel time %.0f us",
          p.steps(),
          p.wallMicros(),
          p.spanMicros(),
          p.wallMicros() - p.spanMicros(),
          p.kernelMicros());
      for (StepProfile.OpTime op : p.ops()) {
        if (op.micros() >= 0.005 * p.kernelMicros()) {
          line(
              s,
              "  %-40s %7.0f us  %4.1f%%  x%.0f",
              op.op(),
              op.micros(),
              100 * op.micros() / p.kernelMicros(),
              op.perStep());
        }
      }
    }
    if (r.churn() != null) {
      line(
          s,
          "session churn: %d sessions created, trained, evaluated and closed in a row; RSS %.0f"
              + " MiB after the first, %.0f MiB after the last",
          r.churn().sessions(),
          r.churn().rssFirstMib(),
          r.churn().rssLastMib());
    }
    return s.toString();
  }

  private static void line(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
