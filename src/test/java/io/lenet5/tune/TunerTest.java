package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.ChildJvm;
import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.cli.Main;
import io.lenet5.export.ModelDigests;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.Device;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Small end-to-end searches on real MNIST subsets, through the command line. */
class TunerTest {
  /** 500 training images, maxEpochs 3, factor 3: 6 trials, 11 epochs. */
  private static final String SPEC =
      """
      {
        "specVersion": 1,
        "seed": 3,
        "data": { "validationSize": 300, "maxTrainImages": 500 },
        "training": { "augmentShift": 1, "schedule": "cosine" },
        "searchSpace": [
          { "name": "learningRate", "type": "float", "min": 0.001, "max": 0.01, "sampling": "log" },
          { "name": "batchSize", "type": "choice", "values": [50, 100] },
          { "name": "pooling", "type": "choice", "values": ["average", "max"] }
        ],
        "tuner": { "maxEpochs": 3, "factor": 3 },
        "output": { "directory": "unused" },
        "finalModel": { "retrainOnAllData": true }
      }
      """;

  @Test
  void parallelTrialsDefaultToOneMoreThanCoresOnTheCpuAndOneOnAGpu() {
    assertEquals(2, LocalTrialExecutor.parallelTrialsFor(1));
    assertEquals(3, LocalTrialExecutor.parallelTrialsFor(2));
    assertEquals(
        4,
        LocalTrialExecutor.parallelTrialsFor(16),
        "capped, so large machines keep threads per trial");
    TuneSpec spec = Json.parse(SPEC, TuneSpec.class, "spec");
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(
        LocalTrialExecutor.parallelTrialsFor(cores),
        LocalTrialExecutor.parallelTrials(spec, new Device(Device.Kind.CPU, 0)));
    assertEquals(1, LocalTrialExecutor.parallelTrials(spec, new Device(Device.Kind.GPU, 0)));
    String two = SPEC.replace("\"tuner\"", "\"execution\": { \"parallelTrials\": 2 }, \"tuner\"");
    TuneSpec configured = Json.parse(two, TuneSpec.class, "spec");
    assertEquals(2, LocalTrialExecutor.parallelTrials(configured, new Device(Device.Kind.GPU, 0)));
  }

  @Test
  void searchWritesTrialsResultsAndTheBestModel(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("spec.json"), SPEC);
    Path out = dir.resolve("run");
    String[] err = new String[1];
    assertEquals(0, tune(spec, out, err, "--device", "auto"), err[0]);
    assertEquals(
        err[0].indexOf("device auto:"),
        err[0].lastIndexOf("device auto:"),
        "the device is reported at most once: " + err[0]);
    assertTrue(err[0].contains("trial 0000 (1 of 6): bracket 1 round 0, epochs 1-1"), err[0]);
    assertTrue(err[0].contains("epochs left, about"), err[0]);

    assertEquals(6, TrialFiles.records(out).size());
    JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
    JsonNode best = results.get("trials").get(0);
    assertEquals(1, best.get("rank").asInt());
    JsonNode bestTrial = Json.MAPPER.readTree(out.resolve("best/trial.json").toFile());
    assertEquals(best.get("trial").asText(), bestTrial.get("id").asText());
    Checkpoint bestCheckpoint = Checkpoint.read(out.resolve("best/checkpoint.ckpt"));
    assertEquals(best.get("epochs").asInt(), bestCheckpoint.epoch());
    assertEquals(
        best.get("score").asDouble(),
        bestCheckpoint.history().get(bestCheckpoint.epoch() - 1).valAccuracy());
    JsonNode bestMetrics = Json.MAPPER.readTree(out.resolve("best/metrics.json").toFile());
    assertEquals(
        best.get("score").asDouble(), bestMetrics.get("validationAccuracy").asDouble(), 1e-9);
    assertTrue(bestMetrics.get("testAccuracy").asDouble() > 0.5, bestMetrics.toString());
    assertTrue(err[0].contains("test accuracy 0."), err[0]);
    assertEquals(800, bestMetrics.get("retrainedImages").asInt(), "500 training + 300 validation");
    assertTrue(bestMetrics.get("retrainedTestAccuracy").asDouble() > 0.5, bestMetrics.toString());
    assertEquals(
        bestCheckpoint.epoch(), Checkpoint.read(out.resolve("best/retrained.ckpt")).epoch());
    JsonNode exported = Json.MAPPER.readTree(out.resolve("best/model/metadata.json").toFile());
    assertEquals(
        bestMetrics.get("retrainedTestAccuracy").asDouble(),
        exported.path("provenance").path("testAccuracy").asDouble(),
        1e-12,
        exported.toString());
    // the final model goes through the export of `export`, digests included
    assertEquals(3, exported.at("/files/savedModelSha256").size(), exported.toString());
    assertEquals(Optional.empty(), ModelDigests.warning(out.resolve("best/model")));
    assertTrue(Files.exists(out.resolve("best/model/saved_model.pb")));
    assertTrue(Files.exists(out.resolve("best/model/model.keras")));
    assertTrue(
        Files.readString(out.resolve("results.csv"))
            .startsWith(
                "rank,trial,val_accuracy,epochs,bracket,round,parent,learningRate,batchSize,pooling\n"));

    // The promoted trial (bracket 1, round 1) continued its parent: same first epoch, two more.
    JsonNode promoted = null;
    for (int i = 0; i < 6 && promoted == null; i++) {
      JsonNode trial = Json.MAPPER.readTree(out.resolve("trials/trial_000" + i + ".json").toFile());
      promoted = trial.hasNonNull("parentId") ? trial : null;
    }
    String id = promoted.get("id").asText();
    String parent = promoted.get("parentId").asText();
    Checkpoint child = Checkpoint.read(out.resolve("checkpoints/trial_" + id + ".ckpt"));
    Checkpoint parentCheckpoint =
        Checkpoint.read(out.resolve("checkpoints/trial_" + parent + ".ckpt"));
    assertEquals(3, child.epoch());
    assertEquals(parentCheckpoint.history().get(0), child.history().get(0));
    JsonNode history =
        Json.MAPPER.readTree(out.resolve("histories/trial_" + id + ".json").toFile());
    assertTrue(history.get("residentMegabytes").asLong() > 0);
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES) // a guard against a hung child, not a measurement
  void killedSearchResumesToTheSameTrials(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("spec.json"), SPEC);
    Path uninterrupted = dir.resolve("uninterrupted");
    assertEquals(0, tune(spec, uninterrupted, new String[1]));

    Path killed = dir.resolve("killed");
    Path logs = dir.resolve("logs");
    Process process = ChildJvm.start(logs, "killed", ChildJvm.lenet5(tuneArgs(spec, killed)));
    try {
      // Waits for a state on disk, however slow the machine: two trial records say COMPLETED.
      while (completed(killed) < 2 && process.isAlive()) {
        Thread.sleep(20);
      }
      assertTrue(
          process.isAlive(),
          "the search ended before it could be killed: "
              + Files.readString(logs.resolve("killed.err")));
    } finally {
      process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no flushing
    }
    assertTrue(completed(killed) >= 2, "completed at kill: " + completed(killed));
    assertTrue(Files.notExists(killed.resolve("results.json")), "the search was cut short");

    String[] err = new String[1];
    assertEquals(0, tune(spec, killed, err), err[0]);
    assertTrue(err[0].contains("resuming the search in"), err[0]);
    assertEquals(TrialFiles.records(uninterrupted), TrialFiles.records(killed));
  }

  @Test
  void resumingWithAnotherSpecFailsUnlessOverwritten(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("spec.json"), SPEC);
    Path out = dir.resolve("run");
    assertEquals(0, tune(spec, out, new String[1]));
    Path changed =
        Files.writeString(dir.resolve("changed.json"), SPEC.replace("\"seed\": 3", "\"seed\": 4"));
    String[] err = new String[1];
    assertEquals(2, tune(changed, out, err));
    assertTrue(
        err[0].startsWith(
            "error: " + out.resolve("spec.json") + ": the search there ran another spec"),
        err[0]);
    assertTrue(err[0].contains("pass --overwrite"), err[0]);
    assertEquals(1, err[0].lines().count(), err[0]);
    assertEquals(0, tune(changed, out, err, "--overwrite"), err[0]);
    assertTrue(err[0].startsWith("overwriting the search in " + out), err[0]);
    assertEquals(6, TrialFiles.records(out).size());
  }

  @Test
  void dryRunEstimatesWithTheTrialsThatTrainAtOnce(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("spec.json"), SPEC);
    String[] err = new String[1];
    assertEquals(0, tune(spec, dir.resolve("run"), err, "--dry-run"), err[0]);
    int parallel = LocalTrialExecutor.parallelTrialsFor(Runtime.getRuntime().availableProcessors());
    assertTrue(err[0].contains("calibration (s/epoch incl. validation): batch 50 "), err[0]);
    assertTrue(
        err[0].contains("for 11 epochs in 6 trials, " + parallel + " trials at a time"), err[0]);
    assertTrue(err[0].contains("simulated hand-out on " + parallel + " slots: wall time"), err[0]);
    assertTrue(Files.notExists(dir.resolve("run")), "a dry run writes nothing");
  }

  @Test
  void dryRunSimulatesTheSlotsItIsGiven(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("spec.json"), SPEC);
    String[] err = new String[1];
    assertEquals(0, tune(spec, dir.resolve("run"), err, "--dry-run", "--slots", "1,2"), err[0]);
    assertTrue(err[0].contains("for 11 epochs in 6 trials, one trial at a time"), err[0]);
    assertTrue(err[0].contains("on 1 slot: wall time about "), err[0]);
    assertTrue(err[0].contains("slots busy 100%"), err[0]);
    assertTrue(err[0].contains("for 11 epochs in 6 trials, 2 trials at a time"), err[0]);
    assertTrue(err[0].contains("on 2 slots: wall time about "), err[0]);
    assertTrue(Files.notExists(dir.resolve("run")), "a dry run writes nothing");
  }

  @Test
  void rejectsNoSlotsAndSlotsWithoutADryRun(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("spec.json"), SPEC);
    String[] err = new String[1];
    assertEquals(2, tune(spec, dir.resolve("run"), err, "--dry-run", "--slots", "0"), err[0]);
    assertEquals("error: --slots: expected 1 or more, received 0", err[0].strip());
    assertEquals(2, tune(spec, dir.resolve("run"), err, "--slots", "2"), err[0]);
    assertTrue(err[0].startsWith("error: --slots: goes with --dry-run"), err[0]);
    assertEquals(1, err[0].strip().lines().count(), err[0]);
    assertEquals(2, tune(spec, dir.resolve("run"), err, "--dry-run", "--slots", "3,,8"), err[0]);
    assertEquals(
        "error: --slots: expected whole numbers >= 1 separated by commas, received '3,,8'",
        err[0].strip());
    assertTrue(Files.notExists(dir.resolve("run")), "nothing written");
  }

  private static int tune(Path spec, Path out, String[] err, String... extra) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int status = Main.run(tuneArgs(spec, out, extra), stream, stream);
    err[0] = bytes.toString(StandardCharsets.UTF_8);
    return status;
  }

  /** {@code tune} of {@code spec} into {@code out}, on the CPU unless {@code extra} says. */
  private static String[] tuneArgs(Path spec, Path out, String... extra) {
    Stream<String> device =
        Arrays.asList(extra).contains("--device") ? Stream.of() : Stream.of("--device", "cpu");
    return Stream.of(
            Stream.of(
                "tune",
                "--spec",
                spec.toString(),
                "--out",
                out.toString(),
                "--data-dir",
                TestData.dir().toString()),
            device,
            Stream.of(extra))
        .flatMap(s -> s)
        .toArray(String[]::new);
  }

  private static int completed(Path out) throws IOException {
    File trials = out.resolve("trials").toFile();
    if (!trials.isDirectory()) {
      return 0;
    }
    int n = 0;
    for (File f : trials.listFiles((d, name) -> name.endsWith(".json"))) {
      try {
        n += Files.readString(f.toPath()).contains("\"COMPLETED\"") ? 1 : 0;
      } catch (IOException e) {
        // renamed under us: counted on the next look
      }
    }
    return n;
  }
}
