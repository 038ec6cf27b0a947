package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.EpochMetrics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search runner with an executor that trains nothing: files, parent bytes, listener calls. */
class SearchRunnerTest {
  private static final String SPEC =
      """
      {
        "specVersion": 1,
        "seed": 3,
        "searchSpace": [ { "name": "learningRate", "type": "float", "min": 0.001, "max": 0.01 } ],
        "tuner": { "maxEpochs": 3, "factor": 3 },
        "objective": { "metric": "val_loss" },
        "output": { "directory": "%s" },
        "execution": { "parallelTrials": 2 }
      }
      """;

  /** Returns a checkpoint naming the trial and a val_loss of 1 / (index + 1). */
  private static final class FakeExecutor implements TrialExecutor {
    final Map<String, byte[]> parentsSeen = new ConcurrentHashMap<>();

    @Override
    public TrialOutcome run(TrialTask task) {
      Trial trial = task.trial();
      if (trial.parentId() != null) {
        parentsSeen.put(trial.id(), task.parentCheckpoint());
      }
      if (trial.index() == 1) {
        return TrialOutcome.failed("loss diverged");
      }
      double loss = 1.0 / (trial.index() + 1);
      EpochMetrics last = new EpochMetrics(trial.epochs(), 0, 0, loss, 0.5, 0, 0, 0);
      TrialHistory history =
          new TrialHistory(
              trial.id(),
              trial.parentId(),
              task.spec(),
              List.of(last),
              1,
              TuneLayout.checkpointName(trial.id()),
              "fake",
              1);
      return new TrialOutcome(new TrialResult.Completed(0.5), checkpointOf(trial.id()), history);
    }

    @Override
    public int defaultParallelTrials() {
      return 1;
    }
  }

  private static byte[] checkpointOf(String id) {
    return ("checkpoint of " + id).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesWhatTheExecutorReturnsAndReportsInHandOutOrder(@TempDir Path dir) throws Exception {
    TuneSpec spec = Json.parse(SPEC.formatted(dir.resolve("run")), TuneSpec.class, "spec");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    Tuner tuner = Tuner.open(spec, TestData.stub(dir, "0".repeat(64)), false, false, quiet);
    FakeExecutor executor = new FakeExecutor();
    List<String> events = new ArrayList<>();
    SearchListener listener =
        new SearchListener() {
          @Override
          public void onSearchStart(Tuner search, List<Trial> earlier) {
            events.add("start " + earlier.size());
          }

          @Override
          public void onTrialReported(Trial reported, TrialOutcome outcome) {
            events.add(reported.id() + " " + reported.status());
          }

          @Override
          public void onSearchEnd(List<Trial> trials, Optional<Trial> best) {
            events.add("end " + trials.size() + " " + best.orElseThrow().id());
          }
        };
    Optional<Trial> best = tuner.run(executor, listener);

    List<Trial> trials =
        HyperbandOracle.resume(
                TrialStore.at(dir.resolve("run")), (HyperparameterSampler) r -> Map.of())
            .trials();
    assertEquals(6, trials.size());
    List<String> expected = new ArrayList<>(List.of("start 0"));
    trials.forEach(t -> expected.add(t.id() + " " + t.status()));
    expected.add("end 6 " + best.orElseThrow().id());
    assertEquals(expected, events);
    assertEquals(TrialStatus.FAILED, trials.get(1).status());
    // Scored by the spec's objective (val_loss, minimized) from the history, not the result.
    assertEquals(1.0 / (trials.get(0).index() + 1), trials.get(0).score());
    for (Trial t : trials) {
      Path checkpoint = tuner.layout().checkpoint(t.id());
      assertEquals(t.status() == TrialStatus.COMPLETED, Files.exists(checkpoint), t.id());
      if (Files.exists(checkpoint)) {
        assertArrayEquals(checkpointOf(t.id()), Files.readAllBytes(checkpoint));
        assertTrue(Files.exists(tuner.layout().history(t.id())));
      }
    }
    assertTrue(!executor.parentsSeen.isEmpty(), "the schedule promotes trials");
    executor.parentsSeen.forEach(
        (child, parentBytes) -> {
          String parent = trials.get(Integer.parseInt(child)).parentId();
          assertArrayEquals(checkpointOf(parent), parentBytes, child);
        });
    assertTrue(Files.exists(tuner.layout().resultsCsv()));
  }

  @Test
  void autoIterationsAreChosenForTheSlotsOnceAndRecorded(@TempDir Path dir) throws Exception {
    String auto =
        SPEC.replace("\"factor\": 3 }", "\"factor\": 3, \"iterations\": \"auto\" }")
            .replace("\"parallelTrials\": 2", "\"parallelTrials\": 8");
    TuneSpec spec = Json.parse(auto.formatted(dir.resolve("run")), TuneSpec.class, "spec");
    int chosen = Tuner.iterations(spec, 8);
    assertTrue(chosen > 1, "8 slots need more than one iteration of 6 trials: " + chosen);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    Tuner tuner = Tuner.open(spec, TestData.stub(dir, "0".repeat(64)), false, false, quiet);
    tuner.run(new FakeExecutor(), new SearchListener() {});
    assertEquals(chosen, tuner.plan().totalTrials() / 6);

    HyperbandOracle resumed =
        HyperbandOracle.resume(
            TrialStore.at(dir.resolve("run")), (HyperparameterSampler) r -> Map.of());
    assertEquals(chosen, resumed.config().schedule().iterations());
    assertEquals(6 * chosen, resumed.trials().size());
    assertTrue(resumed.isFinished());
  }
}
