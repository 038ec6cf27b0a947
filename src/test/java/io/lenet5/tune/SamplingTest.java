package io.lenet5.tune;

import static io.lenet5.tune.Objective.Direction.MAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded, reproducible sampling without duplicate configurations. */
class SamplingTest {
  @TempDir Path dir;

  private List<Trial> run(long seed, String name, HyperparameterSampler sampler) {
    HyperbandConfig config =
        new HyperbandConfig(
            new HyperbandSchedule(10, 3, 1), new Objective("val_accuracy", MAX), seed);
    HyperbandOracle oracle =
        HyperbandOracle.start(config, sampler, TrialStore.at(dir.resolve(name)));
    Fakes.runSequentially(oracle, Set.of());
    return oracle.trials();
  }

  @Test
  void sameSeedGivesTheSameTrials() {
    assertEquals(run(7, "a", Fakes.SAMPLER), run(7, "b", Fakes.SAMPLER));
  }

  @Test
  void anotherSeedGivesOtherConfigurationsOnTheSameSchedule() {
    List<Trial> first = run(7, "a", Fakes.SAMPLER);
    List<Trial> second = run(8, "b", Fakes.SAMPLER);
    assertEquals(
        first.stream().map(Fakes::describe).toList(),
        second.stream().map(Fakes::describe).toList());
    for (int i = 0; i < first.size(); i++) {
      assertNotEquals(
          first.get(i).hyperparameters(), second.get(i).hyperparameters(), "trial " + i);
    }
  }

  /** The derivation is part of the persisted format: resumed runs rely on it never changing. */
  @Test
  void trialGeneratorsArePinned() {
    assertEquals(112217053693680963L, TrialSeeds.generator(42, 0).nextLong());
    assertEquals(-153638280503062619L, TrialSeeds.generator(42, 1).nextLong());
  }

  @Test
  void newConfigurationsAreNeverRepeated() {
    // 22 new configurations out of 30 possible values: duplicates are bound to be drawn.
    List<Trial> trials = run(7, "a", rng -> Map.of("units", rng.nextLong(30)));
    List<Object> fresh =
        trials.stream()
            .filter(t -> t.round() == 0)
            .map(t -> t.hyperparameters().get("units"))
            .toList();
    assertEquals(22, fresh.size());
    assertEquals(22, Set.copyOf(fresh).size());
  }

  /** Keras Tuner's test_exhausted_values_during_init_bracket. */
  @Test
  void anExhaustedSpaceWaitsForRunningTrialsThenFinishes() {
    HyperbandConfig config =
        new HyperbandConfig(new HyperbandSchedule(8, 3, 1), new Objective("score", MAX), 1);
    HyperbandOracle oracle =
        HyperbandOracle.start(
            config,
            (HyperparameterSampler) rng -> Map.of("bool", rng.nextBoolean()),
            TrialStore.at(dir));
    Trial first = ((NextTrial.Run) oracle.nextTrial()).trial();
    Trial second = ((NextTrial.Run) oracle.nextTrial()).trial();
    assertNotEquals(first.hyperparameters(), second.hyperparameters());
    assertEquals(NextTrial.WAIT, oracle.nextTrial());
    oracle.reportCompleted(first.id(), 0.3);
    oracle.reportCompleted(second.id(), 0.6);
    assertEquals(NextTrial.FINISHED, oracle.nextTrial());
    assertTrue(oracle.isFinished());
  }
}
