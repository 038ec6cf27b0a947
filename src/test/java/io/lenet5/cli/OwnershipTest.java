package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.OutputLock;
import io.lenet5.TestData;
import io.lenet5.board.SummaryWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool deletes, renames or replaces nothing it did not write, in its output folders, beside an
 * export or in a TensorBoard folder; it locks every folder it writes; an unwritable log folder is
 * one line, not a hang.
 */
class OwnershipTest {
  /** Names a person may give files, which an earlier release took for its own leftovers. */
  private static final List<String> PERSONAL =
      List.of(
          ".photos.old/keep.txt", ".notes.tmp", ".backup.tmp-2024/data.txt", ".thesis.old/ch1.txt");

  private static final String SMALL_SPEC =
      "{\"specVersion\": 1, \"data\": {\"validationSize\": 100}}";

  @TempDir Path tmp;

  private static void writeAll(Path dir, List<String> files) throws Exception {
    for (String f : files) {
      Files.createDirectories(dir.resolve(f).getParent());
      Files.writeString(dir.resolve(f), "mine: " + f);
    }
  }

  /** Every file under {@code dir} with its content. */
  private static Map<String, String> tree(Path dir) throws Exception {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        all.put(dir.relativize(f).toString(), Files.readString(f));
      }
    }
    return all;
  }

  private String[] train(Path out, String... more) throws Exception {
    Path data = TestData.writeHead(tmp.resolve("mnist"), 300, 100);
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--data-dir",
                data.toString(),
                "--skip-verify",
                "--batch-size",
                "50",
                "--device",
                "cpu",
                "--threads",
                "1",
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    if (!args.contains("--epochs")) {
      args.addAll(List.of("--epochs", "1"));
    }
    if (!args.contains("--spec")) {
      Path spec = tmp.resolve("train.json");
      Files.writeString(spec, SMALL_SPEC);
      args.addAll(List.of("--spec", spec.toString()));
    }
    return args.toArray(String[]::new);
  }

  private static void assertOneLineError(MainTest.Run r, String start) {
    assertEquals(2, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: " + start), r.err());
  }

  @Test
  void aFailedTrainDeletesAndRenamesNothing() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("f"));
    writeAll(folder, PERSONAL);
    Map<String, String> before = tree(folder);
    MainTest.Run r = run(train(folder, "--resume"));
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("checkpoint not found"), r.err());
    Map<String, String> after = tree(folder);
    after.keySet().removeIf(name -> name.startsWith(".lenet5"));
    assertEquals(before, after);
    assertFalse(Files.exists(folder.resolve("thesis")));
  }

  @Test
  void trainReplacesNoFileOfTheUsers() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("f"));
    Path spec = Files.writeString(folder.resolve("spec.json"), SMALL_SPEC);
    MainTest.Run r = run(train(folder, "--spec", spec.toString()));
    assertOneLineError(r, folder + ": holds " + spec + ", which train did not write");
    r = run(train(folder, "--spec", spec.toString(), "--allow-foreign-files"));
    assertOneLineError(r, folder + ": holds " + spec + ", which train did not write");
    assertTrue(r.err().contains("train would replace it"), r.err());
    assertEquals(SMALL_SPEC, Files.readString(spec));

    // beside files of other names, with the flag, a run writes and resumes
    Files.move(spec, folder.resolve("my-spec.json"));
    writeAll(folder, PERSONAL);
    r = run(train(folder, "--allow-foreign-files"));
    assertEquals(0, r.status(), r.err());
    r = run(train(folder, "--epochs", "2", "--resume"));
    assertEquals(0, r.status(), r.err());
    for (String f : PERSONAL) {
      assertEquals("mine: " + f, Files.readString(folder.resolve(f)), f);
    }
    assertTrue(Files.isRegularFile(folder.resolve(TrainCommand.METRICS)));
  }

  @Test
  void aFailedExportLeavesItsSiblingsAlone() throws Exception {
    Path parent = Files.createDirectories(tmp.resolve("p"));
    writeAll(parent, List.of(".model.old/x.txt", ".model.tmp-1/y.txt", ".model.lock"));
    Map<String, String> before = tree(parent);
    MainTest.Run r =
        run(
            "export",
            "--checkpoint",
            tmp.resolve("missing.ckpt").toString(),
            "--out",
            parent.resolve("model").toString());
    assertEquals(2, r.status(), r.err());
    Map<String, String> after = tree(parent);
    after.keySet().removeIf(name -> name.startsWith(".lenet5"));
    assertEquals(before, after);
    assertFalse(Files.exists(parent.resolve("model")));
  }

  @Test
  void aTensorBoardFolderIsLockedAndOnlyItsOwnRunsAreReplaced() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("tb"));
    try (OutputLock held = OutputLock.acquire(logs, "another run")) {
      MainTest.Run r = run(train(tmp.resolve("run"), "--tensorboard", logs.toString()));
      assertOneLineError(r, logs + " is in use by ");
    }
    writeAll(logs, List.of("trial_0000/notes.txt"));
    Path data = TestData.writeHead(tmp.resolve("mnist"), 300, 100);
    Path spec =
        Files.writeString(
            tmp.resolve("s.json"),
            """
            {"specVersion": 1, "data": {"validationSize": 100},
             "searchSpace": [{"name": "learningRate", "type": "float", "min": 0.001, "max": 0.01}],
             "tuner": {"maxEpochs": 2, "factor": 2},
             "output": {"directory": "%s"}}
            """
                .formatted(tmp.resolve("search")));
    MainTest.Run r =
        run(
            "tune",
            "--spec",
            spec.toString(),
            "--data-dir",
            data.toString(),
            "--skip-verify",
            "--device",
            "cpu",
            "--tensorboard",
            logs.toString());
    // a search reports its start before it opens the logs; the error is its last line
    assertEquals(2, r.status(), r.err());
    List<String> lines = r.err().lines().toList();
    assertTrue(
        lines
            .get(lines.size() - 1)
            .startsWith("error: " + logs + ": holds " + logs.resolve("trial_0000")),
        r.err());
    assertEquals(
        "mine: trial_0000/notes.txt", Files.readString(logs.resolve("trial_0000/notes.txt")));
  }

  @Test
  void aLogFolderThatCannotBeWrittenIsOneLine() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "mine");
    assertOneLineError(
        run(train(tmp.resolve("run1"), "--tensorboard", file.toString())), file.toString());
    assertEquals("mine", Files.readString(file));
    assertOneLineError(run(train(tmp.resolve("run2"), "--tensorboard", "/proc/lenet5-logs")), "");
    MainTest.Run inside =
        run(train(tmp.resolve("run3"), "--tensorboard", tmp.resolve("run3/tb").toString()));
    assertOneLineError(inside, "--tensorboard ");
  }

  @Test
  void aSummaryWriterThatCannotOpenItsFolderFailsInsteadOfHanging() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          RuntimeException e =
              assertThrows(RuntimeException.class, () -> SummaryWriter.open(file.resolve("run")));
          assertTrue(String.valueOf(e.getMessage()).contains("not a directory"), e.toString());
        });
  }
}
