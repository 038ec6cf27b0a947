package io.lenet5.cli;

import io.lenet5.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines the cli tests share. */
final class TestRuns {
  private TestRuns() {}

  /**
   * {@code train} on 500 images in batches of 100 on the CPU into {@code out}, then {@code extra}:
   * a model in seconds, for tests of what comes after training.
   */
  static MainTest.Run tinyTrain(Path out, int epochs, String... extra) {
    return MainTest.run(tinyTrainArgs(out, epochs, extra).toArray(String[]::new));
  }

  /** The command line of {@link #tinyTrain}, for a run in a process of its own. */
  static List<String> tinyTrainArgs(Path out, int epochs, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--data-dir",
                TestData.dir().toString(),
                "--max-train-images",
                "500",
                "--batch-size",
                "100",
                "--epochs",
                String.valueOf(epochs),
                "--device",
                "cpu",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return args;
  }
}
