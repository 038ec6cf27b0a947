package io.lenet5.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.train.Device;
import io.lenet5.train.DeviceRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  /** Exit status, stdout and stderr of one command line. */
  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("train      train LeNet-5 on MNIST"), r.out());
  }

  @Test
  void noArgumentsPrintsUsageAndFails() {
    Run r = run();
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("usage: java -jar lenet5.jar <command>"), r.err());
  }

  @Test
  void unknownCommand() {
    Run r = run("trian");
    assertEquals(2, r.status());
    assertEquals("error: unknown command 'trian'; run with --help to list the commands\n", r.err());
  }

  @Test
  void strayWordsAreOneLineErrors() {
    for (String command : new String[] {"train", "evaluate", "export", "bench", "tune"}) {
      Run r = run(command, "extra");
      assertEquals(2, r.status(), command);
      assertEquals("error: " + command + ": unexpected argument 'extra'\n", r.err());
    }
  }

  @Test
  void everyCommandAnswersHelp() {
    for (String command :
        new String[] {"train", "tune", "export", "evaluate", "predict", "bench"}) {
      Run r = run(command, "--help");
      assertEquals(0, r.status(), command);
      assertTrue(r.out().startsWith("usage: lenet5 " + command), r.out());
      assertTrue(r.out().contains("--help"), r.out());
    }
  }

  @Test
  void trainHelp() {
    Run r = run("train", "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("--learning-rate <X>"), r.out());
    assertTrue(r.out().contains("learning rate (default 0.001)"), r.out());
    assertTrue(r.out().contains("--activation <relu|tanh>"), r.out());
    assertTrue(r.out().contains("--device <cpu|gpu|auto>"), r.out());
  }

  @Test
  void badFlagValueIsOneLineAndExit2() {
    Run r = run("train", "--batch-size", "many");
    assertEquals(2, r.status());
    assertEquals("error: --batch-size: expected an integer, got 'many'\n", r.err());
    r = run("train", "--learning-rate", "0");
    assertEquals("error: --learning-rate: must be > 0, got 0.0\n", r.err());
    r = run("train", "--activation", "sigmoid");
    assertEquals("error: --activation: expected one of relu, tanh, got 'sigmoid'\n", r.err());
    r = run("train", "--device", "tpu");
    assertEquals("error: --device: expected one of cpu, gpu, auto, got 'tpu'\n", r.err());
  }

  @Test
  void unknownFlagPointsToHelp() {
    Run r = run("train", "--lerning-rate", "0.1");
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("error: Unrecognized option: --lerning-rate"), r.err());
    assertTrue(r.err().endsWith("run 'lenet5 train --help' for the options\n"), r.err());
  }

  @Test
  void missingDataDirIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("no-mnist");
    Run r = run("train", "--data-dir", missing.toString(), "--out", dir.resolve("out").toString());
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("error: data dir " + missing), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void gpuWithoutAUsableGpuSaysWhatIsMissing(@TempDir Path dir) {
    boolean gpuNatives =
        Device.class.getResource("/org/tensorflow/internal/c_api/linux-x86_64-gpu/") != null;
    boolean gpuUsable = Device.resolve(DeviceRequest.AUTO, 0, message -> {}).name().equals("gpu");
    Run r =
        run(
            "train",
            "--device",
            "gpu",
            "--data-dir",
            TestData.dir().toString(),
            "--epochs",
            "1",
            "--max-train-images",
            "256",
            "--out",
            dir.resolve("run").toString());
    if (gpuUsable) {
      assertEquals(0, r.status(), r.err());
      return;
    }
    assertEquals(2, r.status());
    String expected =
        gpuNatives
            ? "error: --device gpu: TensorFlow sees no CUDA GPU"
            : "error: --device gpu: this build carries TensorFlow's CPU natives";
    assertTrue(r.err().startsWith(expected), r.err());
  }

  @Test
  void trainsResumesAndWritesMetrics(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    String[] common = {
      "train",
      "--data-dir",
      TestData.dir().toString(),
      "--max-train-images",
      "2000",
      "--batch-size",
      "100",
      "--device",
      "cpu",
      "--out",
      out.toString()
    };
    Run first = run(concat(common, "--epochs", "1"));
    assertEquals(0, first.status(), first.err());
    assertTrue(first.out().startsWith("test accuracy 0."), first.out());
    assertTrue(first.err().contains("epoch 1: loss "), first.err());

    Run again = run(concat(common, "--epochs", "2"));
    assertEquals(2, again.status());
    assertTrue(again.err().contains("holds a checkpoint already; pass --resume"), again.err());

    Run changed = run(concat(common, "--epochs", "2", "--resume", "--learning-rate", "0.01"));
    assertEquals(2, changed.status());
    assertEquals(
        "error: "
            + out.resolve("checkpoint.ckpt")
            + ": expected a checkpoint of this run's settings, found other values of"
            + " training.learningRate (checkpoint 0.001, this run 0.01)\n",
        changed.err());

    Run resumed = run(concat(common, "--epochs", "2", "--resume"));
    assertEquals(0, resumed.status(), resumed.err());
    assertTrue(resumed.err().contains("resuming after epoch 1 of 2"), resumed.err());
    assertTrue(resumed.err().contains("epoch 2: loss "), resumed.err());
    assertTrue(!resumed.err().contains("epoch 1: loss "), resumed.err());

    TrainReport report =
        Json.MAPPER.readValue(Files.readString(out.resolve("metrics.json")), TrainReport.class);
    assertEquals(2, report.history().size());
    assertEquals(2000, report.trainImages());
    assertEquals(10_000, report.testImages());
    assertEquals(61_706, report.parameters());
    assertEquals("cpu", report.device());
    assertTrue(report.testAccuracy() > 0.8, "test accuracy " + report.testAccuracy());
    assertEquals(
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        report.dataSha256().get("train-images-idx3-ubyte"));
    assertEquals("2.18.0", report.versions().get("tensorflow"));
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
