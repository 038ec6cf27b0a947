package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.AtomicFiles;
import io.lenet5.OutputLock;
import io.lenet5.OwnedFiles;
import io.lenet5.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --overwrite deletes only a search's own files; the tool's own leftovers of a kill are cleaned or
 * put back, and nothing with a name a person picks is touched.
 */
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
            "logs/trial_0000/events.out.tfevents.1.lenet5",
            "trial_curves.png",
            "hyperparameters.png",
            // a temporary file of the release before transient names
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

  /** What the release before manifests wrote is adopted once its state proves the search. */
  private static OwnedFiles adopted(TuneLayout layout) {
    OwnedFiles files = TuneFiles.owned(layout);
    assertFalse(files.hasManifest());
    files.adopt();
    return files;
  }

  /** The pid of a process that has ended. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void aSearchsOwnFilesAreDeletedButTheLockAndManifest() throws IOException {
    TuneLayout layout = search();
    OwnedFiles files = adopted(layout);
    assertEquals(Optional.empty(), files.firstForeign());
    TuneFiles.deleteOurs(files, layout, false);
    assertEquals(List.of(OwnedFiles.MANIFEST, OutputLock.FILE), names(layout.directory()));
  }

  @Test
  void aForeignFileOrFolderIsNamedAndNothingIsDeleted() throws IOException {
    TuneLayout layout = search();
    OwnedFiles files = adopted(layout);
    Path notes = Files.writeString(layout.directory().resolve("notes.txt"), "mine");
    String message =
        assertThrows(UserException.class, () -> TuneFiles.deleteOurs(files, layout, false))
            .getMessage();
    assertEquals(
        layout.directory()
            + ": holds "
            + notes
            + ", which a search does not write; --overwrite deletes only a search's own files, so"
            + " move it away or choose another folder",
        message);
    assertTrue(Files.exists(layout.directory().resolve("oracle.json")));
    Files.delete(notes);

    // names a person picks, which an earlier release took for its own leftovers
    for (String mine : List.of(".notes.old", ".cache.tmp/x", ".photos.old/keep.txt")) {
      Path path = layout.directory().resolve(mine);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "mine");
      Path top = layout.directory().resolve(Path.of(mine).getName(0));
      assertEquals(Optional.of(top), files.firstForeign());
      assertThrows(UserException.class, () -> TuneFiles.deleteOurs(files, layout, false));
      assertEquals("mine", Files.readString(path));
      AtomicFiles.deleteRecursively(top);
    }

    Path data = Files.createDirectories(layout.directory().resolve("data"));
    assertEquals(Optional.of(data), files.firstForeign());
    Files.delete(data);
    Path inTrials = Files.writeString(layout.directory().resolve("trials/keep.txt"), "mine");
    assertEquals(Optional.of(inTrials), files.firstForeign());
    Files.delete(inTrials);
    Path folderNamedLikeAFile =
        Files.createDirectories(layout.directory().resolve("results.csv.d"));
    assertEquals(Optional.of(folderNamedLikeAFile), files.firstForeign());
  }

  @Test
  void besideForeignFilesAnOverwriteDeletesOnlyTheSearchs() throws IOException {
    TuneLayout layout = search();
    OwnedFiles files = adopted(layout);
    Path notes = Files.writeString(layout.directory().resolve(".notes.old"), "mine");
    TuneFiles.deleteOurs(files, layout, true);
    assertEquals(
        List.of(OwnedFiles.MANIFEST, OutputLock.FILE, ".notes.old"), names(layout.directory()));
    assertEquals("mine", Files.readString(notes));
  }

  @Test
  void aNewSearchRefusesAFolderOfSomeoneElsesFiles() throws IOException {
    TuneLayout layout = new TuneLayout(Files.createDirectories(tmp.resolve("mine")));
    Path spec = Files.writeString(layout.spec(), "{\"mine\": true}");
    OwnedFiles files = TuneFiles.owned(layout);
    String message =
        assertThrows(UserException.class, () -> TuneFiles.checkFresh(files, layout, false))
            .getMessage();
    assertTrue(message.startsWith(layout.directory() + ": holds " + spec), message);
    // beside other files, still not over a name the search writes
    message =
        assertThrows(UserException.class, () -> TuneFiles.checkFresh(files, layout, true))
            .getMessage();
    assertTrue(message.contains("the search would replace it"), message);
    Files.delete(spec);
    Files.writeString(layout.directory().resolve("notes.txt"), "mine");
    TuneFiles.checkFresh(files, layout, true);
  }

  @Test
  void leftoversAreCleanedAndAHalfSwappedBestIsPutBack() throws Exception {
    TuneLayout layout = search();
    Path dir = layout.directory();
    long dead = deadPid();
    Files.createDirectories(dir.resolve("best/.lenet5-tmp-" + dead + "-model.123/variables"));
    Files.writeString(dir.resolve(".lenet5-tmp-" + dead + "-metrics.json.456.tmp"), "half");
    // killed between the two renames of a swap: the old best/ waits under its transient name
    Files.move(dir.resolve("best"), dir.resolve(".lenet5-old-" + dead + "-best"));
    // a person's files with names an earlier release took for leftovers
    List<String> mine =
        List.of(
            ".photos.old/keep.txt",
            ".notes.tmp",
            ".backup.tmp-2024/data.txt",
            ".thesis.old/ch1.txt");
    for (String f : mine) {
      Files.createDirectories(dir.resolve(f).getParent());
      Files.writeString(dir.resolve(f), "mine");
    }
    TuneFiles.removeLeftovers(layout);
    assertTrue(Files.isRegularFile(dir.resolve("best/model/saved_model.pb")));
    assertEquals(List.of("checkpoint.ckpt", "model", "trial.json"), names(dir.resolve("best")));
    assertTrue(names(dir).stream().noneMatch(n -> n.startsWith(".lenet5-")), names(dir).toString());
    for (String f : mine) {
      assertEquals("mine", Files.readString(dir.resolve(f)), f);
    }
  }

  @Test
  void theTransientFilesOfALiveProcessStay() throws Exception {
    Process live = new ProcessBuilder("sleep", "60").start();
    try {
      Path staging =
          Files.createDirectories(tmp.resolve(".lenet5-tmp-" + live.pid() + "-model.77"));
      AtomicFiles.removeLeftovers(tmp);
      assertTrue(Files.isDirectory(staging));
    } finally {
      live.destroy();
    }
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
