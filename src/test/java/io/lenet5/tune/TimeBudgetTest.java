package io.lenet5.tune;

import static io.lenet5.tune.Objective.Direction.MAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.Json;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A time budget on a fake clock: one second per epoch, one trial at a time. */
class TimeBudgetTest {
  private static final HyperbandConfig CONFIG = Fakes.config(9, 3, 3, MAX);
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  /**
   * Runs the search in {@code store} with a budget of {@code seconds}; returns the seconds used.
   */
  private static long search(HyperbandOracle oracle, double seconds, AtomicLong clock)
      throws Exception {
    TimeBudget budget = new TimeBudget(seconds, 1, clock::get, QUIET);
    oracle.limit(budget);
    long start = clock.get();
    TunerLoop.TrialRun oneSecondPerEpoch =
        trial -> {
          int epochs = trial.epochs() - trial.initialEpoch();
          clock.addAndGet(1000L * epochs);
          budget.trained(epochs, epochs);
          return new TrialResult.Completed(Fakes.score(trial));
        };
    new TunerLoop(oracle, oneSecondPerEpoch, 3, 1, t -> {}).run();
    return (clock.get() - start) / 1000;
  }

  @Test
  void stopsOpeningBracketsThatWouldEndPastTheBudgetAndRecordsIt() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000);
    Path store = dir.resolve("budget");
    HyperbandOracle oracle = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(store));
    long used = search(oracle, 60, clock);
    HyperbandSchedule schedule = CONFIG.schedule();
    List<Trial> trials = oracle.trials();
    assertTrue(trials.size() < schedule.totalTrials(), trials.size() + " trials");
    assertTrue(used <= 60, "the brackets it opened ended within the budget: " + used + " s");
    assertTrue(oracle.isFinished());
    assertTrue(trials.stream().allMatch(t -> t.status() == TrialStatus.COMPLETED));
    String recorded = Files.readString(store.resolve("oracle.json"));
    assertTrue(recorded.contains("\"startedAtMillis\": 1000000"), recorded);
    assertTrue(recorded.contains("\"stoppedBefore\""), recorded);

    // The decision stands on resume, with the budget or without, whatever the clock says.
    clock.set(0);
    HyperbandOracle resumed = HyperbandOracle.resume(TrialStore.at(store), Fakes.SAMPLER);
    assertEquals(0, search(resumed, 60, clock));
    assertEquals(trials, resumed.trials());
    HyperbandOracle unlimited = HyperbandOracle.resume(TrialStore.at(store), Fakes.SAMPLER);
    assertTrue(unlimited.isFinished());
  }

  @Test
  void aBudgetThatFitsRunsTheWholeSearchAndTheFilesStayAsWithout() throws Exception {
    AtomicLong clock = new AtomicLong(0);
    HyperbandOracle limited =
        HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("roomy")));
    search(limited, 1e6, clock);
    HyperbandOracle free =
        HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("free")));
    new TunerLoop(free, t -> new TrialResult.Completed(Fakes.score(t)), 3, 1, t -> {}).run();
    assertEquals(free.trials(), limited.trials());
    assertEquals(CONFIG.schedule().totalTrials(), limited.trials().size());
    String recorded = Files.readString(dir.resolve("roomy/oracle.json"));
    assertTrue(!recorded.contains("stoppedBefore"), recorded);
    assertTrue(!Files.readString(dir.resolve("free/oracle.json")).contains("budget"));
    assertEquals(
        Json.MAPPER.readTree(dir.resolve("free/oracle.json").toFile()).get("config"),
        Json.MAPPER.readTree(dir.resolve("roomy/oracle.json").toFile()).get("config"));
  }
}
