package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.spec.ChoiceParameter;
import io.lenet5.spec.FloatParameter;
import io.lenet5.spec.SamplerSettings;
import io.lenet5.spec.Sampling;
import io.lenet5.spec.SearchParameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BOHB's counting-ones problem (Falkner et al., ICML 2018, section 5.1), pure Java: {@value #CATS}
 * binary choices and {@value #CONTS} probabilities in [0, 1]. A trial's score is the number of ones
 * among the choices plus, for each probability, the mean of {@code 9 * epochs} Bernoulli draws, so
 * more epochs give a less noisy score. The optimum is {@value #CATS} + {@value #CONTS}; a search's
 * regret is how far the true value of its best trial at full budget falls short of it. At equal
 * budget over {@value #SEEDS} seeds, Hyperband with TPE sampling must beat Hyperband with random
 * sampling on the median regret and on at least 70% of the seeds.
 */
class CountingOnesBenchmarkTest {
  private static final int CATS = 8;
  private static final int CONTS = 8;
  private static final int SEEDS = 30;
  private static final int MAX_EPOCHS = 27;
  private static final Objective SCORE = new Objective("score", Objective.Direction.MAX);

  @TempDir Path dir;

  private static List<SearchParameter> space() {
    List<SearchParameter> space = new ArrayList<>();
    for (int i = 0; i < CATS; i++) {
      space.add(new ChoiceParameter("c" + i, List.of(0L, 1L)));
    }
    for (int i = 0; i < CONTS; i++) {
      space.add(new FloatParameter("x" + i, 0, 1, Sampling.LINEAR, null));
    }
    return space;
  }

  /** The noisy score: each probability estimated from 9 draws per epoch. */
  private static double score(Trial trial, long seed) {
    SplittableRandom noise = new SplittableRandom(seed * 1_000_003L + trial.index());
    double sum = 0;
    for (int i = 0; i < CATS; i++) {
      sum += (Long) trial.hyperparameters().get("c" + i);
    }
    int draws = 9 * trial.epochs();
    for (int i = 0; i < CONTS; i++) {
      double p = (Double) trial.hyperparameters().get("x" + i);
      int ones = 0;
      for (int k = 0; k < draws; k++) {
        ones += noise.nextDouble() < p ? 1 : 0;
      }
      sum += (double) ones / draws;
    }
    return sum;
  }

  private static double trueValue(Trial trial) {
    double sum = 0;
    for (var value : trial.hyperparameters().values()) {
      sum += ((Number) value).doubleValue();
    }
    return sum;
  }

  /** The regret of the search's best-scored trial among those trained for every epoch. */
  private double regret(Sampler sampler, long seed, String name) throws Exception {
    HyperbandConfig config =
        new HyperbandConfig(new HyperbandSchedule(MAX_EPOCHS, 3, 4), SCORE, seed);
    HyperbandOracle oracle =
        HyperbandOracle.start(config, sampler, TrialStore.at(dir.resolve(name + seed)));
    new TunerLoop(
            oracle,
            trial -> new TrialResult.Completed(score(trial, seed)),
            TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES,
            1,
            t -> {})
        .run();
    Trial best =
        oracle.trials().stream()
            .filter(t -> t.epochs() == MAX_EPOCHS && t.status() == TrialStatus.COMPLETED)
            .max((a, b) -> Double.compare(a.score(), b.score()))
            .orElseThrow();
    return CATS + CONTS - trueValue(best);
  }

  @Test
  void tpeBeatsRandomSamplingAtEqualBudget() throws Exception {
    List<SearchParameter> space = space();
    HyperparameterSampler random =
        rng -> {
          Map<String, Object> values = new LinkedHashMap<>();
          space.forEach(p -> values.put(p.name(), p.sample(rng)));
          return values;
        };
    Sampler tpe =
        new TpeSampler(
            space, new SamplerSettings("tpe", null, null, null, null, null, null), SCORE);
    double[] randomRegret = new double[SEEDS];
    double[] tpeRegret = new double[SEEDS];
    int tpeWins = 0;
    for (int seed = 0; seed < SEEDS; seed++) {
      randomRegret[seed] = regret(random, seed, "random");
      tpeRegret[seed] = regret(tpe, seed, "tpe");
      tpeWins += tpeRegret[seed] < randomRegret[seed] ? 1 : 0;
    }
    double randomMedian = median(randomRegret);
    double tpeMedian = median(tpeRegret);
    String summary =
        String.format(
            "median regret: random %.3f, tpe %.3f; tpe won %d of %d seeds",
            randomMedian, tpeMedian, tpeWins, SEEDS);
    System.out.println("counting ones, " + summary);
    assertTrue(tpeMedian < randomMedian, summary);
    assertTrue(tpeWins >= 0.7 * SEEDS, summary);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
  }
}
