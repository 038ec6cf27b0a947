package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.AtomicFiles;
import io.lenet5.OutputLock;
import io.lenet5.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --overwrite deletes only a search's own files; leftovers of a kill are cleaned or put back. */
class TuneFilesTest {
  @TempDir Path tmp;

  private TuneLayout search() throws IOException {
    TuneLayout layout = new TuneLayout(tmp.resolve("search"));
    Path dir = layout.directory();
    for (String file :
        List.of(
            "spec.json",
            "oracle.json",
            "results.json",
            "results.csv",
            OutputLock.FILE,
            "trials/trial_0000.json",
            "checkpoints/trial_0000.ckpt",
            "histories/trial_0000.json",
            "best/trial.json",
            "best/checkpoint.ckpt",
            "best/model/saved_model.pb",
            "logs/trial_0000/events.out.tfevents.1.host",
            "trials/.trial_0001.json123.tmp")) {
      Files.createDirectories(dir.resolve(file).getParent());
      Files.writeString(dir.resolve(file), "x");
    }
    return layout;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aSearchsOwnFilesAreDeletedButTheLock() throws IOException {
    TuneLayout layout = search();
    assertEquals(Optional.empty(), TuneFiles.firstForeign(layout));
    TuneFiles.deleteOurs(layout);
    assertEquals(List.of(OutputLock.FILE), names(layout.directory()));
  }

  @Test
  void aForeignFileOrFolderIsNamedAndNothingIsDeleted() throws IOException {
    TuneLayout layout = search();
    Path notes = Files.writeString(layout.directory().resolve("notes.txt"), "mine");
    String message =
        assertThrows(UserException.class, () -> TuneFiles.deleteOurs(layout)).getMessage();
    assertEquals(
        layout.directory()
            + ": holds "
            + notes
            + ", which a search does not write; --overwrite deletes only a search's own files, so"
            + " move it away or choose another folder",
        message);
    assertTrue(Files.exists(layout.directory().resolve("oracle.json")));
    Files.delete(notes);

    Path data = Files.createDirectories(layout.directory().resolve("data"));
    assertEquals(Optional.of(data), TuneFiles.firstForeign(layout));
    Files.delete(data);
    Path inTrials = Files.writeString(layout.directory().resolve("trials/keep.txt"), "mine");
    assertEquals(Optional.of(inTrials), TuneFiles.firstForeign(layout));
    Files.delete(inTrials);
    Path folderNamedLikeAFile =
        Files.createDirectories(layout.directory().resolve("results.csv.d"));
    assertEquals(Optional.of(folderNamedLikeAFile), TuneFiles.firstForeign(layout));
  }

  @Test
  void leftoversAreCleanedAndAHalfSwappedBestIsPutBack() throws IOException {
    TuneLayout layout = search();
    Path dir = layout.directory();
    Files.createDirectories(dir.resolve("best/.model.tmp-123/variables"));
    Files.writeString(dir.resolve(".metrics.json456.tmp"), "half");
    // killed between the two renames of a swap: the old best/ waits under .best.old
    Files.move(dir.resolve("best"), dir.resolve(".best.old"));
    TuneFiles.removeLeftovers(layout);
    assertTrue(Files.isRegularFile(dir.resolve("best/model/saved_model.pb")));
    assertEquals(List.of("checkpoint.ckpt", "model", "trial.json"), names(dir.resolve("best")));
    assertEquals(List.of("trial_0000.json"), names(dir.resolve("trials")));
    assertTrue(names(dir).stream().noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".old")));
  }

  @Test
  void replacingAFolderKeepsTheOldOneUntilTheNewIsInPlace() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("best"));
    Files.writeString(target.resolve("old.txt"), "old");
    Path staged = Files.createDirectories(tmp.resolve(".best.next"));
    Files.writeString(staged.resolve("new.txt"), "new");
    AtomicFiles.replaceFolder(staged, target);
    assertEquals(List.of("new.txt"), names(target));
    assertEquals(List.of("best"), names(tmp));
  }
}
