package io.lenet5.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.ChildJvm;
import io.lenet5.TestData;
import io.lenet5.tune.TrialFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a tiny search at moments told by its files (a trial handed out, a checkpoint written, the
 * results written, the best model being built), resume it each time, and compare its trial records
 * with those of a run never interrupted. A second search started on a running one's folder is
 * refused.
 */
class TuneKillSoakTest {
  private static final int SECONDS = 120;

  @TempDir Path tmp;

  private Path spec() throws IOException {
    return Files.writeString(
        tmp.resolve("tiny.json"),
        """
        {"specVersion": 1, "seed": 11,
         "data": {"validationSize": 200, "maxTrainImages": 300},
         "searchSpace": [
           {"name": "learningRate", "type": "float", "min": 0.001, "max": 0.01, "sampling": "log"}],
         "tuner": {"algorithm": "hyperband", "maxEpochs": 3, "factor": 3},
         "execution": {"parallelTrials": 1},
         "objective": {"metric": "val_accuracy"},
         "output": {"directory": "unused"}}
        """);
  }

  private List<String> tune(Path spec, Path out) {
    return ChildJvm.lenet5(
        "tune",
        "--spec",
        spec.toString(),
        "--out",
        out.toString(),
        "--data-dir",
        tmp.resolve("mnist").toString(),
        "--skip-verify",
        "--device",
        "cpu",
        "--threads",
        "1");
  }

  private static List<Path> leftovers(Path out) throws IOException {
    try (Stream<Path> all = Files.walk(out)) {
      return all.filter(
              p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".tmp") || name.contains(".tmp-") || name.endsWith(".old");
              })
          .toList();
    }
  }

  @Test
  void killedAndResumedSearchesEndAsAnUninterruptedOne() throws Exception {
    Path spec = spec();
    TestData.writeHead(tmp.resolve("mnist"), 600, 200);
    Path logs = tmp.resolve("logs");

    Path reference = tmp.resolve("reference");
    Process first = ChildJvm.start(logs, "reference", tune(spec, reference));
    waitFor(first, reference.resolve("trials").resolve("trial_0000.json"));
    ChildJvm.Result second = ChildJvm.run(logs, "second", tune(spec, reference), SECONDS);
    assertEquals(2, second.status(), second.err());
    assertTrue(
        second.err().contains(reference + " is in use by pid " + first.pid() + " on host "),
        second.err());
    assertTrue(first.waitFor(SECONDS, TimeUnit.SECONDS), "reference run did not end");
    assertEquals(0, first.exitValue(), Files.readString(logs.resolve("reference.err")));

    Path soak = tmp.resolve("soak");
    List<Path> moments =
        List.of(
            soak.resolve("trials/trial_0000.json"),
            soak.resolve("checkpoints/trial_0001.ckpt"),
            soak.resolve("trials/trial_0003.json"),
            soak.resolve("histories/trial_0004.json"),
            soak.resolve("results.json"),
            soak.resolve(".best.next/trial.json"));
    List<String> killedAt = new ArrayList<>();
    for (Path moment : moments) {
      Process run = ChildJvm.start(logs, "soak-" + killedAt.size(), tune(spec, soak));
      if (waitFor(run, moment)) {
        run.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no cleanup
        killedAt.add(soak.relativize(moment).toString());
      }
    }
    ChildJvm.Result last = ChildJvm.run(logs, "soak-last", tune(spec, soak), SECONDS);
    assertEquals(0, last.status(), last.err());
    assertTrue(killedAt.size() >= 5, "killed only at " + killedAt);

    assertEquals(TrialFiles.records(reference), TrialFiles.records(soak), "killed at " + killedAt);
    assertEquals(
        Files.readString(reference.resolve("best/trial.json")),
        Files.readString(soak.resolve("best/trial.json")));
    assertTrue(Files.isRegularFile(soak.resolve("best/model/saved_model.pb")));
    assertEquals(List.of(), leftovers(soak));

    // A finished search run again rebuilds best/; with its trial's checkpoint gone it stops with
    // one line and keeps the old best/ whole.
    try (Stream<Path> checkpoints = Files.list(soak.resolve("checkpoints"))) {
      for (Path c : checkpoints.toList()) {
        Files.delete(c);
      }
    }
    ChildJvm.Result missing = ChildJvm.run(logs, "missing", tune(spec, soak), SECONDS);
    assertEquals(2, missing.status(), missing.err());
    String lastLine = missing.err().lines().reduce((a, b) -> b).orElse("");
    assertTrue(
        lastLine.matches("error: .*checkpoints/trial_\\d+\\.ckpt: not found"), missing.err());
    assertTrue(!missing.err().contains("\tat "), missing.err());
    assertTrue(Files.isRegularFile(soak.resolve("best/model/saved_model.pb")));
    assertEquals(
        Files.readString(reference.resolve("best/trial.json")),
        Files.readString(soak.resolve("best/trial.json")));
  }

  /**
   * Waits until {@code file} exists (true) or the process ends first (false).
   *
   * @throws AssertionError if neither happens in time
   */
  private static boolean waitFor(Process process, Path file) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        return true;
      }
      if (!process.isAlive()) {
        return false;
      }
      Thread.sleep(5);
    }
    process.destroyForcibly();
    throw new AssertionError("neither " + file + " appeared nor the run ended");
  }
}
