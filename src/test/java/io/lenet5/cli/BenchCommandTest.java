package io.lenet5.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.ChildJvm;
import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.bench.BenchReport;
import io.lenet5.bench.Stats;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} runs and reports sane numbers; a few steps only, nothing is timed. */
class BenchCommandTest {
  @Test
  void theSpecsModelIsWhatEveryVariantTrains(@TempDir Path dir) throws Exception {
    Path spec =
        java.nio.file.Files.writeString(
            dir.resolve("wide.json"),
            "{\"specVersion\": 1, \"model\": {\"conv1Filters\": 12, \"dense1Units\": 200}}");
    MainTest.Run r =
        MainTest.run(
            "bench",
            "--data-dir",
            TestData.dir().toString(),
            "--spec",
            spec.toString(),
            "--variants",
            "default",
            "--steps",
            "4",
            "--repeats",
            "1",
            "--warmup",
            "1",
            "--churn",
            "0",
            "--json");
    assertEquals(0, r.status(), r.err());
    BenchReport report = Json.MAPPER.readValue(r.out(), BenchReport.class);
    assertEquals(12, report.config().model().conv1Filters());
    // 2 x (28*28*12*25 + 10*10*16*25*12 + 400*200 + 200*84 + 84*10) = 1.626 MFLOP
    assertTrue(report.flopModel().contains("forward 1.626 MFLOP/image"), report.flopModel());
  }

  @Test
  void jsonReportHasPositiveFiniteFigures() throws Exception {
    MainTest.Run r =
        MainTest.run(
            "bench",
            "--data-dir",
            TestData.dir().toString(),
            "--batch-size",
            "32",
            // Enough for the process CPU clock, which ticks every 10 ms, to see each variant.
            "--steps",
            "24",
            "--repeats",
            "1",
            "--warmup",
            "1",
            "--profile",
            "2",
            "--churn",
            "2",
            "--json");
    assertEquals(0, r.status(), r.err());
    BenchReport report = Json.MAPPER.readValue(r.out(), BenchReport.class);
    assertEquals(32, report.config().batchSize());
    assertEquals("default", report.variants().get(0).name());
    for (BenchReport.VariantResult v : report.variants()) {
      assertPositive(v.imagesPerSecond(), v.name());
      assertPositiveFinite(v.gflops(), v.name() + " GFLOP/s");
      assertPositiveFinite(v.cpuMicrosPerImage(), v.name() + " CPU time per image");
      assertTrue(
          v.fractionOfPeak() > 0 && v.fractionOfPeak() < 1, v.name() + ": " + v.fractionOfPeak());
      assertTrue(
          v.fractionOfGemm() > 0 && v.fractionOfGemm() < 1,
          v.name() + ": LeNet-5's small kernels below one large GEMM, got " + v.fractionOfGemm());
    }
    assertEquals(
        List.of("shift", "warp p=0.5", "warp p=1"),
        report.augmentation().stream().map(BenchReport.AugmentationResult::name).toList());
    for (BenchReport.AugmentationResult a : report.augmentation()) {
      assertPositive(a.microsPerImage(), a.name());
      assertPositiveFinite(a.fractionOfStep(), a.name() + " share of a step");
    }
    assertPositive(report.inference(), "inference");
    assertPositiveFinite(report.secondsPerEpoch(), "s/epoch");
    assertPositiveFinite(report.peakRssMib(), "peak RSS");
    assertPositiveFinite(report.peak().gflops(), "FP32 peak");
    assertPositive(report.gemmGflops(), "GEMM");
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(
        cores == 1
            ? List.of(1, 1, 1, 1)
            : List.of(1, 1, 1, 1, 1, 1, cores, cores + 1, cores + 1, cores, cores + 1),
        report.variants().stream().map(BenchReport.VariantResult::sessions).toList(),
        "default (one graph: batches of 32 are too small for replicas), the same unchained,"
            + " ordinary graph, 4 groups, inter-op, 1 thread, then as many sessions as cores and"
            + " one more, the tuner's default unchained, and both with the ordinary graph");
    assertEquals("unchained", report.variants().get(1).name());
    assertEquals(2, report.churn().sessions());
    assertPositiveFinite(report.churn().rssLastMib(), "RSS after churn");
    assertNotNull(report.profile());
    assertFalse(report.profile().ops().isEmpty());
    assertTrue(
        report.profile().ops().stream().anyMatch(op -> op.op().contains("Conv2D")),
        report.profile().ops().toString());
  }

  @Test
  void textReportNamesEachFigure() {
    MainTest.Run r =
        MainTest.run(
            "bench",
            "--data-dir",
            TestData.dir().toString(),
            "--steps",
            "2",
            "--repeats",
            "1",
            "--warmup",
            "0",
            "--churn",
            "0",
            "--variants",
            "default");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("  default "), r.out());
    assertTrue(!r.out().contains("2 sessions"), r.out());
    assertTrue(r.out().contains("training images/s (median"), r.out());
    assertTrue(r.out().contains("FP32 peak"), r.out());
    assertTrue(r.out().contains("GEMM ceiling"), r.out());
    assertTrue(r.out().contains("TensorFlow/oneDNN settings: "), r.out());
    assertTrue(r.out().contains("s/epoch (55,000 train + 5,000 validation"), r.out());
    assertTrue(r.out().contains("peak resident memory"), r.out());
    assertTrue(r.out().contains("augmentation in Java, us per image"), r.out());
    assertTrue(r.out().contains("  warp p=1 "), r.out());
  }

  @Test
  void badValueIsAUserError() {
    MainTest.Run r = MainTest.run("bench", "--steps", "0");
    assertEquals(2, r.status());
    assertEquals("error: --steps: must be >= 1, got 0\n", r.err());
    r = MainTest.run("bench", "--data-dir", TestData.dir().toString(), "--batch-size", "60000");
    assertEquals(2, r.status());
    assertEquals(
        "error: --batch-size: expected at most 55000 (the training images), got 60000\n", r.err());
    r = MainTest.run("bench", "--variants", "some");
    assertEquals(2, r.status());
    assertEquals("error: --variants: expected one of all, default, got 'some'\n", r.err());
  }

  @Test
  void reportsTheSpeedSettingsOfItsEnvironment(@TempDir Path logs) throws Exception {
    // TensorFlow reads these once per process, so only a child JVM can start with one set.
    ChildJvm.Result r =
        ChildJvm.run(
            logs,
            "bench",
            ChildJvm.lenet5(
                "bench",
                "--data-dir",
                TestData.dir().toString(),
                "--steps",
                "1",
                "--repeats",
                "1",
                "--warmup",
                "0",
                "--churn",
                "0",
                "--variants",
                "default",
                "--json"),
            Map.of("TF_MKL_OPTIMIZE_PRIMITIVE_MEMUSE", "false"),
            180);
    assertEquals(0, r.status(), r.err());
    BenchReport report = Json.MAPPER.readValue(r.out(), BenchReport.class);
    assertEquals("false", report.speedSettings().get("TF_MKL_OPTIMIZE_PRIMITIVE_MEMUSE"));
  }

  private static void assertPositive(Stats s, String what) {
    assertPositiveFinite(s.min(), what + " min");
    assertPositiveFinite(s.median(), what + " median");
    assertPositiveFinite(s.max(), what + " max");
  }

  private static void assertPositiveFinite(double value, String what) {
    assertTrue(Double.isFinite(value) && value > 0, what + ": " + value);
  }
}
