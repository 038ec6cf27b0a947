package io.lenet5.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.spec.TuneSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search folder that the release before the LeNet-5 family (commit 59c34d9) wrote and that was
 * killed after its first trial: this build must take its fingerprint as its own and finish the
 * search without training the saved trial again. It fails if a new spec field changes the
 * fingerprint of a spec that does not use it.
 */
class ReleaseSearchResumeTest {
  private static final Path FOLDER = Path.of("src/test/resources/io/lenet5/tune/release-search");
  private static final Path SPEC = Path.of("src/test/resources/io/lenet5/tune/release-search.json");

  @Test
  void theStoredSpecKeepsItsFingerprint() throws Exception {
    var stored = Json.MAPPER.readTree(FOLDER.resolve("spec.json").toFile());
    TuneSpec spec = Json.MAPPER.treeToValue(stored.get("spec"), TuneSpec.class);
    assertEquals(stored.get("fingerprint").asText(), spec.fingerprint());
    assertEquals(stored.get("fingerprint").asText(), Json.read(SPEC, TuneSpec.class).fingerprint());
  }

  @Test
  void theKilledSearchResumesAndFinishes(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("search");
    copyTree(FOLDER, out);
    String firstTrial = Files.readString(out.resolve("trials/trial_0000.json"));
    MainTest.Run run =
        MainTest.run(
            "tune",
            "--spec",
            SPEC.toString(),
            "--out",
            out.toString(),
            "--data-dir",
            TestData.dir().toString(),
            "--device",
            "cpu",
            "--no-tensorboard");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.err().contains("resuming"), run.err());
    assertEquals(firstTrial, Files.readString(out.resolve("trials/trial_0000.json")));
    try (Stream<Path> trials = Files.list(out.resolve("trials"))) {
      assertEquals(5, trials.count());
    }
    assertTrue(Files.isRegularFile(out.resolve("best/model/saved_model.pb")));
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
