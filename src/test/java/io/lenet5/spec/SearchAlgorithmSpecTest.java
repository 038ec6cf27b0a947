package io.lenet5.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.Json;
import io.lenet5.UserException;
import org.junit.jupiter.api.Test;

/** The {@code tuner} section's algorithm and sampler: defaults, spellings and one-line errors. */
class SearchAlgorithmSpecTest {
  private static final String SPACE =
      "\"searchSpace\": [{\"name\": \"learningRate\", \"type\": \"float\", \"min\": 0.001,"
          + " \"max\": 0.01}], \"output\": {\"directory\": \"x\"}";

  private static TuneSpec parse(String tuner) {
    return Json.parse(
        "{\"specVersion\": 1, " + SPACE + ", \"tuner\": " + tuner + "}", TuneSpec.class, "s.json");
  }

  private static String error(String tuner) {
    return assertThrows(UserException.class, () -> parse(tuner)).getMessage();
  }

  @Test
  void randomSamplingIsTheDefaultAndLeavesTheFingerprintAsItWas() {
    TuneSpec plain = parse("{\"maxEpochs\": 9}");
    TuneSpec explicit = parse("{\"maxEpochs\": 9, \"sampler\": \"random\"}");
    TuneSpec asObject = parse("{\"maxEpochs\": 9, \"sampler\": {\"type\": \"random\"}}");
    assertNull(plain.tuner().sampler());
    assertEquals(plain.fingerprint(), explicit.fingerprint());
    assertEquals(plain.fingerprint(), asObject.fingerprint());
    assertEquals(SamplerSettings.RANDOM, plain.tuner().samplerOrDefault());
  }

  @Test
  void tpeByNameOrWithSettings() {
    TuneSpec named = parse("{\"maxEpochs\": 9, \"sampler\": \"tpe\"}");
    assertTrue(named.tuner().samplerOrDefault().learns());
    assertEquals(0.15, named.tuner().sampler().quantileOrDefault());
    assertEquals(1.0 / 3, named.tuner().sampler().randomFractionOrDefault());
    assertEquals(64, named.tuner().sampler().candidatesOrDefault());
    assertEquals(3, named.tuner().sampler().minPointsOrDefault(2));

    TuneSpec set =
        parse(
            "{\"maxEpochs\": 9, \"sampler\": {\"type\": \"tpe\", \"quantile\": 0.2,"
                + " \"randomFraction\": 0, \"minPoints\": 4}}");
    assertEquals(0.2, set.tuner().sampler().quantileOrDefault());
    assertEquals(0.0, set.tuner().sampler().randomFractionOrDefault());
    assertEquals(4, set.tuner().sampler().minPointsOrDefault(2));
    assertEquals(set, Json.parse(Json.write(set), TuneSpec.class, "again"));
    assertTrue(!named.fingerprint().equals(parse("{\"maxEpochs\": 9}").fingerprint()));
  }

  @Test
  void randomSearchTrainsTrainingEpochsForMaxTrials() {
    TuneSpec spec = parse("{\"algorithm\": \"random\"}");
    assertEquals(TunerSettings.DEFAULT_MAX_TRIALS, spec.tuner().maxTrials());
    assertEquals(spec.training().epochs(), spec.maxTrialEpochs());
    assertEquals(5, parse("{\"algorithm\": \"random\", \"maxTrials\": 5}").tuner().maxTrials());
  }

  @Test
  void iterationsAreANumberOrAutoAndAFixedNumberKeepsItsFingerprint() {
    TuneSpec auto = parse("{\"maxEpochs\": 9, \"iterations\": \"auto\"}");
    assertTrue(auto.tuner().iterations().auto());
    assertEquals(auto, Json.parse(Json.write(auto), TuneSpec.class, "again"));
    assertTrue(Json.write(auto).contains("\"iterations\": \"auto\""), Json.write(auto));
    TuneSpec two = parse("{\"maxEpochs\": 9, \"iterations\": 2}");
    assertEquals(2, two.tuner().iterations().fixed());
    assertTrue(Json.write(two).contains("\"iterations\": 2"), Json.write(two));
    assertEquals(1, parse("{\"maxEpochs\": 9}").tuner().iterations().fixed());
    assertTrue(!auto.fingerprint().equals(two.fingerprint()));
    assertEquals(
        "s.json: tuner.iterations: expected an integer >= 1 or \"auto\", got \"sometimes\"",
        error("{\"maxEpochs\": 9, \"iterations\": \"sometimes\"}"));
    assertEquals(
        "s.json: tuner.iterations: must be >= 1, got 0",
        error("{\"maxEpochs\": 9, \"iterations\": 0}"));
    assertEquals(
        "s.json: tuner.iterations: expected an integer >= 1 or \"auto\", got 1.5",
        error("{\"maxEpochs\": 9, \"iterations\": 1.5}"));
  }

  @Test
  void aTimeBudgetIsLeftOutOfTheFingerprintAndAppliesToHyperbandOnly() {
    TuneSpec budget = parse("{\"maxEpochs\": 9, \"maxWallSeconds\": 5400}");
    assertEquals(5400.0, budget.tuner().maxWallSeconds());
    assertEquals(parse("{\"maxEpochs\": 9}").fingerprint(), budget.fingerprint());
    assertEquals(budget, Json.parse(Json.write(budget), TuneSpec.class, "again"));
    assertEquals(
        "s.json: tuner.maxWallSeconds: expected a number of seconds > 0, got 0.0",
        error("{\"maxEpochs\": 9, \"maxWallSeconds\": 0}"));
    assertEquals(
        "s.json: tuner.maxWallSeconds: expected a number of seconds > 0, got -60.0",
        error("{\"maxEpochs\": 9, \"maxWallSeconds\": -60}"));
    assertTrue(
        error("{\"algorithm\": \"random\", \"maxWallSeconds\": 60}")
            .startsWith("s.json: tuner.maxWallSeconds: applies to algorithm 'hyperband'"));
  }

  @Test
  void badSettingsAreOneLineErrorsNamingTheirPath() {
    assertEquals(
        "s.json: tuner.algorithm: expected 'hyperband' or 'random', got 'bayesian'",
        error("{\"algorithm\": \"bayesian\", \"maxEpochs\": 9}"));
    assertEquals(
        "s.json: tuner.sampler.type: expected 'random' or 'tpe', got 'cmaes'",
        error("{\"maxEpochs\": 9, \"sampler\": \"cmaes\"}"));
    assertEquals(
        "s.json: tuner.sampler.quantile: expected a number in (0, 1), got 1.0",
        error("{\"maxEpochs\": 9, \"sampler\": {\"type\": \"tpe\", \"quantile\": 1}}"));
    assertEquals(
        "s.json: tuner.sampler.quantile: expected a number in (0, 1), got 0.0",
        error("{\"maxEpochs\": 9, \"sampler\": {\"type\": \"tpe\", \"quantile\": 0}}"));
    assertEquals(
        "s.json: tuner.sampler.randomFraction: expected a number in [0, 1], got -0.1",
        error("{\"maxEpochs\": 9, \"sampler\": {\"type\": \"tpe\", \"randomFraction\": -0.1}}"));
    assertEquals(
        "s.json: tuner.sampler.candidates: expected an integer in 1..100000, got 0",
        error("{\"maxEpochs\": 9, \"sampler\": {\"type\": \"tpe\", \"candidates\": 0}}"));
    assertEquals(
        "s.json: tuner.sampler: the random sampler has no settings; they belong to type 'tpe'",
        error("{\"maxEpochs\": 9, \"sampler\": {\"type\": \"random\", \"quantile\": 0.1}}"));
    assertEquals(
        "s.json: tuner.maxTrials: must be >= 1, got 0",
        error("{\"algorithm\": \"random\", \"maxTrials\": 0}"));
    assertEquals(
        "s.json: tuner.maxTrials: applies to algorithm 'random'; Hyperband's trials follow from"
            + " maxEpochs, factor and iterations",
        error("{\"maxEpochs\": 9, \"maxTrials\": 4}"));
    assertEquals(
        "s.json: tuner.maxEpochs: applies to algorithm 'hyperband'; a random search trains each"
            + " trial for training.epochs",
        error("{\"algorithm\": \"random\", \"maxEpochs\": 9}"));
  }
}
