package io.lenet5.tune;

import static io.lenet5.tune.Objective.Direction.MAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Killing a run and reloading it from disk must not change a single trial. */
class ResumeTest {
  private static final HyperbandConfig CONFIG = Fakes.config(10, 3, 1, MAX);
  private static final Set<Integer> FAILING = Set.of(4, 13);

  @TempDir Path dir;
  private List<Trial> uninterrupted;

  @BeforeEach
  void runWithoutInterruption() {
    HyperbandOracle oracle =
        HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("reference")));
    Fakes.runSequentially(oracle, FAILING);
    uninterrupted = oracle.trials();
  }

  /** Kills the run after {@code reports} reports, between two trials. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 11, 12, 13, 17, 18, 25, 29, 30})
  void killedBetweenTrials(int reports) {
    TrialStore store = TrialStore.at(dir.resolve("killed"));
    HyperbandOracle first = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, store);
    runReports(first, reports);

    HyperbandOracle resumed = HyperbandOracle.resume(store, Fakes.SAMPLER);
    assertEquals(first.trials(), resumed.trials());
    Fakes.runSequentially(resumed, FAILING);
    assertEquals(uninterrupted, resumed.trials());
    assertEquals(uninterrupted, HyperbandOracle.resume(store, Fakes.SAMPLER).trials());
  }

  /** Kills the run with a trial handed out and not reported: it is handed out again, first. */
  @ParameterizedTest
  @ValueSource(ints = {0, 12, 16, 29})
  void killedWithATrialInFlight(int reports) {
    TrialStore store = TrialStore.at(dir.resolve("killed"));
    HyperbandOracle first = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, store);
    runReports(first, reports);
    Trial inFlight = ((NextTrial.Run) first.nextTrial()).trial();

    HyperbandOracle resumed = HyperbandOracle.resume(store, Fakes.SAMPLER);
    assertEquals(new NextTrial.Run(inFlight), resumed.nextTrial());
    report(resumed, inFlight);
    Fakes.runSequentially(resumed, FAILING);
    assertEquals(uninterrupted, resumed.trials());
  }

  @Test
  void severalTrialsInFlightAreHandedOutAgainInOrder() {
    TrialStore store = TrialStore.at(dir.resolve("killed"));
    HyperbandOracle first = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, store);
    List<Trial> inFlight = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inFlight.add(((NextTrial.Run) first.nextTrial()).trial());
    }
    first.reportCompleted(inFlight.get(1).id(), 3);

    HyperbandOracle resumed = HyperbandOracle.resume(store, Fakes.SAMPLER);
    for (int i : new int[] {0, 2, 3}) {
      assertEquals(new NextTrial.Run(inFlight.get(i)), resumed.nextTrial());
    }
    assertEquals("0004", ((NextTrial.Run) resumed.nextTrial()).trial().id());
  }

  @Test
  void aFinishedRunResumesFinished() {
    HyperbandOracle resumed =
        HyperbandOracle.resume(TrialStore.at(dir.resolve("reference")), Fakes.SAMPLER);
    assertTrue(resumed.isFinished());
    assertEquals(NextTrial.FINISHED, resumed.nextTrial());
  }

  @Test
  void leftoverTemporaryFilesAreIgnored() throws IOException {
    Path reference = dir.resolve("reference");
    Files.writeString(reference.resolve("trials/.trial_0031.json.123.tmp"), "{ half writ");
    assertEquals(
        uninterrupted, HyperbandOracle.resume(TrialStore.at(reference), Fakes.SAMPLER).trials());
  }

  @Test
  void aMissingTrialFileIsNamed() throws IOException {
    Path reference = dir.resolve("reference");
    Files.delete(reference.resolve("trials/trial_0007.json"));
    UserException e =
        assertThrows(
            UserException.class,
            () -> HyperbandOracle.resume(TrialStore.at(reference), Fakes.SAMPLER));
    assertEquals(
        reference.resolve("trials")
            + ": expected trial files numbered from 0 without gaps, missing trial_0007.json",
        e.getMessage());
  }

  @Test
  void aCorruptTrialFileIsNamed() throws IOException {
    Path file = dir.resolve("reference/trials/trial_0003.json");
    Files.writeString(file, "{\"id\": \"0003\"");
    UserException e =
        assertThrows(
            UserException.class,
            () -> HyperbandOracle.resume(TrialStore.at(dir.resolve("reference")), Fakes.SAMPLER));
    assertTrue(
        e.getMessage().startsWith(file + ": expected a trial record, received invalid content: "),
        e.getMessage());
  }

  @Test
  void aTrialOffTheScheduleIsNamed() throws IOException {
    Path file = dir.resolve("reference/trials/trial_0012.json");
    Files.writeString(file, Files.readString(file).replace("\"epochs\": 4", "\"epochs\": 5"));
    UserException e =
        assertThrows(
            UserException.class,
            () -> HyperbandOracle.resume(TrialStore.at(dir.resolve("reference")), Fakes.SAMPLER));
    assertEquals(
        file
            + ": expected a trial of HyperbandSchedule[maxEpochs=10, factor=3, iterations=1] whose"
            + " parent is an earlier completed trial, received iteration 0, bracket 2, round 1,"
            + " epochs 2-5, parent 0008",
        e.getMessage());
  }

  @Test
  void anotherFormatVersionIsRefused() throws IOException {
    Path file = dir.resolve("reference/oracle.json");
    Files.writeString(
        file, Files.readString(file).replace("\"formatVersion\": 1", "\"formatVersion\": 2"));
    UserException e =
        assertThrows(
            UserException.class,
            () -> HyperbandOracle.resume(TrialStore.at(dir.resolve("reference")), Fakes.SAMPLER));
    assertEquals(file + ": expected formatVersion 1, received 2", e.getMessage());
  }

  @Test
  void startingOverAnExistingRunIsRefused() {
    Path reference = dir.resolve("reference");
    UserException e =
        assertThrows(
            UserException.class,
            () -> HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(reference)));
    assertEquals(
        reference.resolve("oracle.json")
            + ": expected no earlier tuning run in "
            + reference
            + ", found one; resume it or choose another directory",
        e.getMessage());
  }

  private static void runReports(HyperbandOracle oracle, int reports) {
    for (int i = 0; i < reports; i++) {
      report(oracle, ((NextTrial.Run) oracle.nextTrial()).trial());
    }
  }

  private static void report(HyperbandOracle oracle, Trial trial) {
    if (FAILING.contains(trial.index())) {
      oracle.reportFailed(trial.id(), "fake failure");
    } else {
      oracle.reportCompleted(trial.id(), Fakes.score(trial));
    }
  }
}
