package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code results.json} and {@code results.csv}, pinned by {@code golden-results/}: the ranking of
 * the trials of {@code golden-run/} (see {@link GoldenFilesTest}), whose failed and running trials
 * are left out. After a deliberate format change, rewrite them with {@code mvn test
 * -Dtest=ResultsGoldenTest -Dlenet5.rewriteGolden=true} and review the diff.
 */
class ResultsGoldenTest {
  private static final Path GOLDEN_RUN = Path.of("src/test/resources/io/lenet5/tune/golden-run");
  private static final Path GOLDEN = Path.of("src/test/resources/io/lenet5/tune/golden-results");

  /** Writes the results of the golden run into {@code dir}. */
  static void generate(Path dir) {
    HyperbandOracle oracle = HyperbandOracle.resume(TrialStore.at(GOLDEN_RUN), Fakes.SAMPLER);
    new Results(oracle.trials(), oracle.config().objective()).write(new TuneLayout(dir));
  }

  @Test
  void generatorStillWritesTheGoldenResults(@TempDir Path dir) throws Exception {
    generate(dir);
    for (String name : new String[] {"results.json", "results.csv"}) {
      assertEquals(
          Files.readString(GOLDEN.resolve(name)), Files.readString(dir.resolve(name)), name);
    }
  }

  @Test
  void csvRanksCompletedTrialsBestFirst() throws Exception {
    var lines = Files.readAllLines(GOLDEN.resolve("results.csv"));
    assertEquals(4, lines.size(), "a header and the three completed trials");
    assertEquals(
        "rank,trial,val_accuracy,epochs,bracket,round,parent", lines.get(0).substring(0, 51));
    assertEquals("1,0002,0.9431", lines.get(1).substring(0, 13));
  }

  @Test
  @EnabledIfSystemProperty(named = "lenet5.rewriteGolden", matches = "true")
  void rewriteGoldenFiles() throws Exception {
    Files.createDirectories(GOLDEN);
    generate(GOLDEN);
  }
}
