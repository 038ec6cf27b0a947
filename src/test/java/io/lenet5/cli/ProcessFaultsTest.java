package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.ChildJvm;
import io.lenet5.OutputLockTest;
import io.lenet5.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only another process shows: its stderr's first line, a file size limit, a second writer. */
class ProcessFaultsTest {
  @TempDir Path tmp;

  private Path spec() throws Exception {
    return Files.writeString(
        tmp.resolve("s.json"),
        """
        {"specVersion": 1,
         "data": {"validationSize": 100},
         "searchSpace": [{"name": "learningRate", "type": "float", "min": 0.001, "max": 0.01}],
         "tuner": {"algorithm": "hyperband", "maxEpochs": 3, "factor": 3},
         "objective": {"metric": "val_accuracy"},
         "output": {"directory": "%s"}}
        """
            .formatted(tmp.resolve("search")));
  }

  @Test
  void theErrorIsTheFirstLineAndComesBeforeTensorFlowLoads() throws Exception {
    Path missing = tmp.resolve("no-mnist");
    List<List<String>> lines =
        List.of(
            List.of("train", "--data-dir", missing.toString(), "--out", tmp + "/t"),
            List.of("tune", "--spec", spec().toString(), "--data-dir", missing.toString()),
            List.of(
                "evaluate",
                "--model",
                Path.of("saved-models", "lenet5-mnist").toString(),
                "--data-dir",
                missing.toString()));
    for (int i = 0; i < lines.size(); i++) {
      Path classes = tmp.resolve("classes-" + i + ".log");
      List<String> command =
          ChildJvm.command(
              List.of("-Xlog:class+load=info:file=" + classes), "io.lenet5.cli.Main", lines.get(i));
      ChildJvm.Result r = ChildJvm.run(tmp.resolve("logs"), "first-line-" + i, command, 60);
      assertEquals(2, r.status(), r.err());
      assertEquals(
          "error: data dir "
              + missing
              + ": expected a folder holding the mnist files but found"
              + " nothing",
          r.err().lines().findFirst().orElse(""));
      String loaded = Files.readString(classes);
      assertFalse(loaded.contains("org.bytedeco"), lines.get(i) + " loaded TensorFlow's natives");
    }
    assertFalse(Files.exists(tmp.resolve("t")), "train touched its folder");
    assertFalse(Files.exists(tmp.resolve("search")), "tune touched its folder");
  }

  @Test
  void theDebugVariableAddsTheStackTrace() throws Exception {
    List<String> command = ChildJvm.lenet5("train", "--batch-size", "x");
    ChildJvm.Result plain = ChildJvm.run(tmp.resolve("logs"), "plain", command, 60);
    assertEquals("error: --batch-size: expected an integer, got 'x'\n", plain.err());
    ChildJvm.Result debug =
        ChildJvm.run(tmp.resolve("logs"), "debug", command, Map.of("LENET5_DEBUG", "1"), 60);
    assertEquals(2, debug.status());
    assertTrue(debug.err().startsWith(plain.err()), debug.err());
    assertTrue(debug.err().contains("\tat io.lenet5.cli."), debug.err());
  }

  @Test
  void aFileSizeLimitIsOneLineAndLeavesNoTemporaryFile() throws Exception {
    Path data = TestData.writeHead(tmp.resolve("mnist"), 300, 100);
    Path out = tmp.resolve("search");
    List<String> java =
        ChildJvm.command(
            List.of("-XX:-UsePerfData"),
            "io.lenet5.cli.Main",
            List.of(
                "tune",
                "--spec",
                spec().toString(),
                "--data-dir",
                data.toString(),
                "--skip-verify"));
    List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f 1; exec \"$@\"", "-"));
    command.addAll(java);
    ChildJvm.Result r = ChildJvm.run(tmp.resolve("logs"), "ulimit", command, 60);
    assertEquals(2, r.status(), r.err());
    assertEquals(
        "error: cannot write "
            + out.resolve("spec.json")
            + ": file size limit reached, e.g. ulimit -f (File too large)\n",
        r.err());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(
          List.of(".lenet5-manifest", ".lenet5.lock"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aFolderInUseByAnotherProcessIsRefused() throws Exception {
    Path data = TestData.writeHead(tmp.resolve("mnist"), 5100, 100); // 5,000 for validation
    Path out = tmp.resolve("run");
    Process holder = OutputLockTest.holdInChild(out, tmp.resolve("logs"));
    try {
      MainTest.Run r =
          run(
              "train",
              "--data-dir",
              data.toString(),
              "--skip-verify",
              "--batch-size",
              "50",
              "--out",
              out.toString());
      assertEquals(2, r.status(), r.err());
      assertTrue(
          r.err().startsWith("error: " + out + " is in use by pid " + holder.pid() + " on host "),
          r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    } finally {
      holder.destroyForcibly().waitFor();
    }
    Path model = tmp.resolve("model");
    Process exporter = OutputLockTest.holdInChild(model, tmp.resolve("logs2"), "beside");
    try {
      MainTest.Run r =
          run(
              "export",
              "--checkpoint",
              tmp.resolve("c.ckpt").toString(),
              "--out",
              model.toString());
      assertEquals(2, r.status(), r.err());
      assertTrue(r.err().startsWith("error: " + model + " is in use by pid "), r.err());
    } finally {
      exporter.destroyForcibly().waitFor();
    }
  }
}
