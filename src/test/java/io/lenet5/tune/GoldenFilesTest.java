package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persisted format, pinned: a small run directory under {@code golden-run/} (settings, a
 * completed, a failed, a promoted and a running trial) must read back and write out byte for byte.
 * After a deliberate format change, rewrite it with {@code mvn test -Dtest=GoldenFilesTest
 * -Dlenet5.rewriteGolden=true} and review the diff.
 */
class GoldenFilesTest {
  private static final Path SOURCE = Path.of("src/test/resources/io/lenet5/tune/golden-run");

  @TempDir Path dir;

  /** The run the golden files hold: maxEpochs 2, factor 2, stopped with trial 0004 running. */
  static void generate(TrialStore store) {
    HyperbandConfig config =
        new HyperbandConfig(
            new HyperbandSchedule(2, 2, 1),
            new Objective("val_accuracy", Objective.Direction.MAX),
            7);
    HyperbandOracle oracle = HyperbandOracle.start(config, Fakes.SAMPLER, store);
    Trial first = next(oracle);
    Trial second = next(oracle);
    oracle.reportCompleted(first.id(), 0.9125);
    oracle.reportFailed(second.id(), "loss is NaN at epoch 1");
    oracle.reportCompleted(next(oracle).id(), 0.9431);
    oracle.reportCompleted(next(oracle).id(), 0.9377);
    next(oracle);
  }

  @Test
  void goldenRunReadsBackAndRewritesUnchanged() throws Exception {
    Path golden = goldenDir();
    TrialStore original = TrialStore.at(golden);
    HyperbandOracle oracle = HyperbandOracle.resume(original, Fakes.SAMPLER);
    List<Trial> trials = oracle.trials();
    assertEquals(
        List.of(
            TrialStatus.COMPLETED,
            TrialStatus.FAILED,
            TrialStatus.COMPLETED,
            TrialStatus.COMPLETED,
            TrialStatus.RUNNING),
        trials.stream().map(Trial::status).toList());
    assertEquals("0000", trials.get(2).parentId());
    assertEquals(Long.class, trials.get(0).hyperparameters().get("filters").getClass());
    assertEquals(Double.class, trials.get(0).hyperparameters().get("learning_rate").getClass());

    TrialStore copy = TrialStore.at(dir);
    copy.create(TrialStore.StoredOracle.of(original.readConfig(HyperbandConfig.class)));
    trials.forEach(copy::write);
    assertSameFiles(golden, dir);
  }

  @Test
  void generatorStillProducesTheGoldenRun() throws Exception {
    generate(TrialStore.at(dir));
    assertSameFiles(goldenDir(), dir);
  }

  @Test
  @EnabledIfSystemProperty(named = "lenet5.rewriteGolden", matches = "true")
  void rewriteGoldenFiles() throws IOException {
    if (Files.exists(SOURCE)) {
      try (Stream<Path> files = Files.walk(SOURCE)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    generate(TrialStore.at(SOURCE));
  }

  private static Trial next(HyperbandOracle oracle) {
    return ((NextTrial.Run) oracle.nextTrial()).trial();
  }

  private static Path goldenDir() throws URISyntaxException {
    return Path.of(GoldenFilesTest.class.getResource("golden-run/oracle.json").toURI()).getParent();
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    List<Path> expectedFiles = relativeFiles(expected);
    assertEquals(expectedFiles, relativeFiles(actual));
    for (Path file : expectedFiles) {
      assertEquals(
          Files.readString(expected.resolve(file)),
          Files.readString(actual.resolve(file)),
          file.toString());
    }
  }

  private static List<Path> relativeFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
