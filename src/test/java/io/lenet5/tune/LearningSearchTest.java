package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.spec.ChoiceParameter;
import io.lenet5.spec.FixedParameter;
import io.lenet5.spec.FloatParameter;
import io.lenet5.spec.IntParameter;
import io.lenet5.spec.SamplerSettings;
import io.lenet5.spec.Sampling;
import io.lenet5.spec.SearchParameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search whose sampler learns (TPE) stays reproducible: the same trials whatever the timing of
 * parallel trials, after a crash and resume, and with Hyperband or random search; and every value
 * it draws lies in the search space.
 */
class LearningSearchTest {
  private static final Objective SCORE = new Objective("score", Objective.Direction.MAX);
  private static final List<SearchParameter> SPACE =
      List.of(
          new FloatParameter("learningRate", 1e-4, 1e-1, Sampling.LOG, null),
          new FloatParameter("momentum", 0.5, 0.99, Sampling.LINEAR, 0.01),
          new IntParameter("filters", 4, 64, Sampling.LINEAR, 4),
          new IntParameter("units", 16, 512, Sampling.LOG, 1),
          new ChoiceParameter("activation", List.of("relu", "tanh", "elu")),
          new FixedParameter("dropout", 0.0));
  private static final Sampler TPE =
      new TpeSampler(SPACE, new SamplerSettings("tpe", 0.2, 0.2, 32, null, null, null), SCORE);

  @TempDir Path dir;

  /** Best near learning rate 0.01, momentum 0.9, 32 filters, 128 units and elu; epochs help. */
  private static double score(Trial t) {
    var h = t.hyperparameters();
    double s = -Math.abs(Math.log10((Double) h.get("learningRate")) + 2);
    s -= Math.abs((Double) h.get("momentum") - 0.9);
    s -= Math.abs((Long) h.get("filters") - 32) / 32.0;
    s -= Math.abs(Math.log((Long) h.get("units") / 128.0));
    s -= h.get("activation").equals("elu") ? 0 : 0.5;
    return s - 1.0 / t.epochs();
  }

  private static HyperbandOracle hyperband(Path store) {
    HyperbandConfig config = new HyperbandConfig(new HyperbandSchedule(9, 3, 3), SCORE, 11);
    return HyperbandOracle.start(config, TPE, TrialStore.at(store));
  }

  private static List<Trial> run(Oracle oracle, int parallel, long jitterSeed) throws Exception {
    Random jitter = new Random(jitterSeed);
    TunerLoop.TrialRun slowAtRandom =
        trial -> {
          int delay;
          synchronized (jitter) {
            delay = jitter.nextInt(4);
          }
          Thread.sleep(delay); // finish in another order each run
          return new TrialResult.Completed(score(trial));
        };
    new TunerLoop(
            oracle, slowAtRandom, TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES, parallel, t -> {})
        .run();
    return oracle.trials();
  }

  @Test
  void parallelTrialsGiveTheSameTrialsWhateverTheTiming() throws Exception {
    List<Trial> first = run(hyperband(dir.resolve("a")), 3, 1);
    for (int seed = 2; seed <= 4; seed++) {
      assertEquals(first, run(hyperband(dir.resolve("r" + seed)), 3, seed));
    }
    // The model was used: one trial at a time sees other reports and draws other configurations.
    assertNotEquals(first, run(hyperband(dir.resolve("alone")), 1, 0));
  }

  @Test
  void theModelLearnsFromTheReports() throws Exception {
    List<Trial> learnt = run(hyperband(dir.resolve("tpe")), 1, 0);
    HyperparameterSampler random =
        rng -> {
          var values = new java.util.LinkedHashMap<String, Object>();
          SPACE.forEach(p -> values.put(p.name(), p.sample(rng)));
          return values;
        };
    HyperbandOracle blind =
        HyperbandOracle.start(
            new HyperbandConfig(new HyperbandSchedule(9, 3, 3), SCORE, 11),
            random,
            TrialStore.at(dir.resolve("random")));
    List<Trial> sampled = run(blind, 1, 0);
    // The last iteration's new configurations score better on average once the model has data.
    assertTrue(
        meanOfNewInLastIteration(learnt) > meanOfNewInLastIteration(sampled),
        meanOfNewInLastIteration(learnt) + " vs " + meanOfNewInLastIteration(sampled));
  }

  private static double meanOfNewInLastIteration(List<Trial> trials) {
    return trials.stream()
        .filter(t -> t.iteration() == 2 && t.round() == 0)
        .mapToDouble(Trial::score)
        .average()
        .orElseThrow();
  }

  @Test
  void everyDrawnValueLiesInTheSpace() throws Exception {
    for (Trial t : run(hyperband(dir.resolve("space")), 2, 5)) {
      var h = t.hyperparameters();
      double lr = (Double) h.get("learningRate");
      assertTrue(lr >= 1e-4 && lr <= 1e-1, "learningRate " + lr);
      double momentum = (Double) h.get("momentum");
      double onGrid = Math.round((momentum - 0.5) / 0.01) * 0.01 + 0.5;
      assertTrue(momentum >= 0.5 && momentum <= 0.99, "momentum " + momentum);
      assertEquals(onGrid, momentum, 1e-9);
      long filters = (Long) h.get("filters");
      assertTrue(filters >= 4 && filters <= 64 && filters % 4 == 0, "filters " + filters);
      long units = (Long) h.get("units");
      assertTrue(units >= 16 && units <= 512, "units " + units);
      assertTrue(List.of("relu", "tanh", "elu").contains(h.get("activation")));
      assertEquals(0.0, h.get("dropout"));
    }
  }

  @Test
  void aResumedSearchHandsOutTheSameTrials() throws Exception {
    List<Trial> uninterrupted = run(hyperband(dir.resolve("reference")), 2, 0);
    Path store = dir.resolve("crashed");
    IOException crash = new IOException("disk gone");
    TunerLoop.TrialRun crashesAt20 =
        trial -> {
          if (trial.index() == 20) {
            throw crash;
          }
          return new TrialResult.Completed(score(trial));
        };
    HyperbandOracle first = hyperband(store);
    assertSame(
        crash,
        assertThrows(
            IOException.class,
            new TunerLoop(
                    first, crashesAt20, TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES, 2, t -> {})
                ::run));
    HyperbandOracle resumed = HyperbandOracle.resume(TrialStore.at(store), TPE);
    assertEquals(uninterrupted, run(resumed, 2, 9));
    // A learning search of the release before the virtual clock recorded a history lag.
    Path oracleFile = store.resolve("oracle.json");
    String withLag =
        Files.readString(oracleFile).replace("\"seed\"", "\"historyLag\": 2, \"seed\"");
    Files.writeString(oracleFile, withLag);
    assertEquals(uninterrupted, HyperbandOracle.resume(TrialStore.at(store), TPE).trials());
  }

  @Test
  void randomSearchWithEitherSampler() throws Exception {
    RandomSearchConfig config = new RandomSearchConfig(12, 4, SCORE, 3);
    List<Trial> trials =
        run(RandomSearchOracle.start(config, TPE, TrialStore.at(dir.resolve("a"))), 2, 1);
    assertEquals(12, trials.size());
    assertTrue(trials.stream().allMatch(t -> t.epochs() == 4 && t.bracket() == 0));
    assertEquals(
        trials, run(RandomSearchOracle.start(config, TPE, TrialStore.at(dir.resolve("b"))), 2, 7));
    RandomSearchOracle resumed = RandomSearchOracle.resume(TrialStore.at(dir.resolve("a")), TPE);
    assertTrue(resumed.isFinished());
    assertEquals(trials, resumed.trials());
    assertEquals("random", TrialStore.at(dir.resolve("a")).readAlgorithm());

    List<String> ids = new ArrayList<>();
    trials.forEach(t -> ids.add(t.id()));
    assertEquals("0000", ids.get(0));
    assertEquals("0011", ids.get(11));
  }
}
