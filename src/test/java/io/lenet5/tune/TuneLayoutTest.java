package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.train.Checkpoint;
import io.lenet5.train.LegacyCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoints of a search an older build wrote get their checksums before it resumes. */
class TuneLayoutTest {
  private static final Path FORMAT_1 =
      Path.of("src/test/resources/io/lenet5/train/golden-format1.ckpt");

  @TempDir Path dir;

  @Test
  void anOlderSearchsCheckpointsAreRewrittenWithChecksums() throws Exception {
    TuneLayout layout = new TuneLayout(dir);
    Path trial = layout.checkpoint("0003");
    Files.createDirectories(trial.getParent());
    Files.copy(FORMAT_1, trial);
    Path notes = Files.writeString(trial.resolveSibling("notes.ckpt"), "the user's own");
    Path best = Files.createDirectories(layout.best()).resolve("checkpoint.ckpt");
    Files.copy(FORMAT_1, best);

    List<Path> files = layout.checkpointFiles();
    assertEquals(trial, files.get(0));
    assertTrue(files.contains(best) && !files.contains(notes), files.toString());
    assertEquals(List.of(trial, best), LegacyCheckpoints.adopt(files));
    assertEquals(2, Checkpoint.read(trial).epoch());
    assertEquals(2, Checkpoint.read(best).epoch());
    assertEquals("the user's own", Files.readString(notes));
  }
}
