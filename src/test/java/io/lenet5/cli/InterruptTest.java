package io.lenet5.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.ChildJvm;
import io.lenet5.train.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM ends a run with 143 and one line on what is saved; a run that ends by itself says none.
 */
class InterruptTest {
  @TempDir Path tmp;

  private static List<String> train(Path out, int epochs, String... extra) {
    List<String> args = new ArrayList<>(List.of("--no-tensorboard"));
    args.addAll(List.of(extra));
    return ChildJvm.lenet5(
        TestRuns.tinyTrainArgs(out, epochs, args.toArray(String[]::new)).toArray(String[]::new));
  }

  @Test
  void sigtermSaysWhatIsSavedAndTheRunResumes() throws Exception {
    Path out = tmp.resolve("run");
    Path logs = tmp.resolve("logs");
    Process run = ChildJvm.start(logs, "term", train(out, 50));
    Path checkpoint = out.resolve(TrainCommand.CHECKPOINT);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(checkpoint) && run.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(checkpoint), "no checkpoint within 120 s");
    run.destroy(); // SIGTERM
    assertTrue(run.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
    String err = Files.readString(logs.resolve("term.err"), StandardCharsets.UTF_8);
    assertEquals(143, run.exitValue(), err);
    List<String> lines = err.lines().toList();
    Matcher said =
        Pattern.compile(
                "interrupted after epoch (\\d+) of 50; checkpoint\\.ckpt in "
                    + Pattern.quote(out.toString())
                    + " holds it: run the same command with --resume")
            .matcher(lines.get(lines.size() - 1));
    assertTrue(said.matches(), err);
    int epoch = Integer.parseInt(said.group(1));
    // the loop may save one more epoch while the hook speaks, never fewer
    assertTrue(Checkpoint.read(checkpoint).epoch() >= epoch, err);

    int more = Checkpoint.read(checkpoint).epoch() + 1;
    ChildJvm.Result resumed = ChildJvm.run(logs, "resume", train(out, more, "--resume"), 120);
    assertEquals(0, resumed.status(), resumed.err());
    assertFalse(resumed.err().contains("interrupted"), resumed.err());
  }
}
