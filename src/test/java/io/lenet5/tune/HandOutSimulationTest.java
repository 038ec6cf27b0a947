package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lenet5.Json;
import io.lenet5.spec.TuneSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The search's own hand-out on a simulated clock, with fake epoch times: no TensorFlow. */
class HandOutSimulationTest {
  private static final double EPOCH = 4.0;
  private static final String BUNDLED = "tuning-specs/lenet5-hyperband.json";

  private static TuneSpec bundled(String tuner) throws Exception {
    TuneSpec spec = Json.read(Path.of(BUNDLED), TuneSpec.class);
    if (tuner == null) {
      return spec;
    }
    ObjectNode tree = Json.MAPPER.readValue(Path.of(BUNDLED).toFile(), ObjectNode.class);
    tree.set("tuner", Json.MAPPER.readTree(tuner));
    return Json.parse(Json.write(tree), TuneSpec.class, "spec");
  }

  private static HandOutSimulation.Result simulate(TuneSpec spec, int slots) {
    return HandOutSimulation.run(
        spec, slots, trial -> (trial.epochs() - trial.initialEpoch()) * EPOCH);
  }

  @Test
  void oneSlotIsBusyThroughTheWholeSearch() throws Exception {
    TuneSpec spec = bundled(null);
    HandOutSimulation.Result one = simulate(spec, 1);
    SearchPlan plan = Tuner.plan(spec, 1);
    assertEquals(plan.epochsWithResume() * EPOCH, one.wallSeconds(), 1e-9);
    assertEquals(1.0, one.busyFraction(), 1e-12);
    assertEquals(plan.totalTrials(), one.trials());
    assertTrue(one.firstFullSeconds() <= one.wallSeconds(), one.toString());
  }

  @Test
  void moreSlotsNeverSlowTheSearchAndTheLongestChainBoundsIt() throws Exception {
    TuneSpec spec = bundled(null);
    SearchPlan plan = Tuner.plan(spec, 1);
    double previous = Double.MAX_VALUE;
    for (int slots : new int[] {1, 2, 3, 8, 32, 128}) {
      HandOutSimulation.Result r = simulate(spec, slots);
      double work = plan.epochsWithResume() * EPOCH;
      assertTrue(r.wallSeconds() <= previous + 1e-9, slots + " slots: " + r);
      assertTrue(r.wallSeconds() >= Math.max(work / slots, plan.maxEpochs() * EPOCH), r.toString());
      assertEquals(work / (slots * r.wallSeconds()), r.busyFraction(), 1e-12);
      assertTrue(r.firstFullSeconds() >= plan.maxEpochs() * EPOCH, r.toString());
      previous = r.wallSeconds();
    }
  }

  @Test
  void aFixedSearchLeavesABigClusterIdle() throws Exception {
    TuneSpec spec = bundled(null);
    assertTrue(simulate(spec, 3).busyFraction() > 0.9, simulate(spec, 3).toString());
    assertTrue(simulate(spec, 32).busyFraction() < 0.5, simulate(spec, 32).toString());
    assertTrue(simulate(spec, 128).busyFraction() < 0.15, simulate(spec, 128).toString());
  }

  @Test
  void givesTheSameFiguresForTheSameInputs() throws Exception {
    TuneSpec spec = bundled(null);
    Map<Long, Double> times = Map.of(32L, 6.6, 64L, 5.7, 128L, 5.3, 256L, 5.1);
    Calibration.EpochTimes epochTimes = new Calibration.EpochTimes(new TreeMap<>(times), 0.2);
    HandOutSimulation.Result first =
        HandOutSimulation.run(spec, 3, t -> epochTimes.trialSeconds(spec, t));
    HandOutSimulation.Result second =
        HandOutSimulation.run(spec, 3, t -> epochTimes.trialSeconds(spec, t));
    assertEquals(first, second);
  }

  @Test
  void simulatesLearningAndRandomSearches() throws Exception {
    TuneSpec tpe = bundled("{ \"maxEpochs\": 9, \"factor\": 3, \"sampler\": \"tpe\" }");
    HandOutSimulation.Result learning = simulate(tpe, 3);
    assertEquals(Tuner.plan(tpe, 3).totalTrials(), learning.trials());
    TuneSpec random = bundled("{ \"algorithm\": \"random\", \"maxTrials\": 7 }");
    HandOutSimulation.Result r = simulate(random, 2);
    int epochs = random.training().epochs();
    assertEquals(7, r.trials());
    assertEquals(4 * epochs * EPOCH, r.wallSeconds(), 1e-9, "7 trials on 2 slots end in 4 turns");
    assertEquals(epochs * EPOCH, r.firstFullSeconds(), 1e-9);
  }

  @Test
  void epochTimesAreLinearInTheInverseBatchBetweenTimedSizes() {
    Calibration.EpochTimes times =
        new Calibration.EpochTimes(new TreeMap<>(Map.of(32L, 8.0, 128L, 5.0)), 0);
    assertEquals(8.0, times.at(16), 1e-12);
    assertEquals(5.0, times.at(512), 1e-12);
    assertEquals(8.0 - 3.0 * (1.0 / 32 - 1.0 / 64) / (1.0 / 32 - 1.0 / 128), times.at(64), 1e-12);
    assertThrows(
        IllegalArgumentException.class, () -> new Calibration.EpochTimes(new TreeMap<>(), 0));
  }

  @Test
  void autoIterationsAreTheFewestThatKeepTheSlotsBusy() throws Exception {
    TuneSpec auto = bundled("{ \"maxEpochs\": 27, \"factor\": 3, \"iterations\": \"auto\" }");
    assertEquals(1, Tuner.iterations(auto, 3), "3 slots are busy with one iteration");
    int chosen = Tuner.iterations(auto, 32);
    assertTrue(chosen > 1 && chosen < Tuner.MOST_AUTO_ITERATIONS, "chose " + chosen);
    HandOutSimulation.Result grown = simulate(fixed(chosen), 32);
    assertTrue(grown.busyFraction() >= Tuner.AUTO_BUSY_FRACTION, grown.toString());
    HandOutSimulation.Result fewer = simulate(fixed(chosen - 1), 32);
    assertTrue(fewer.busyFraction() < Tuner.AUTO_BUSY_FRACTION, fewer.toString());
    assertEquals(chosen * Tuner.plan(fixed(1), 32).totalTrials(), grown.trials());
    assertEquals(Tuner.plan(fixed(chosen), 32), Tuner.plan(auto, 32));
  }

  private static TuneSpec fixed(int iterations) throws Exception {
    return bundled("{ \"maxEpochs\": 27, \"factor\": 3, \"iterations\": " + iterations + " }");
  }

  @Test
  void aSlowSlotSlowsItsTrialsAndTheReportsBehindThem() throws Exception {
    TuneSpec spec = bundled(null);
    HandOutSimulation.Result even = simulate(spec, 4);
    HandOutSimulation.Result halfSpeed =
        HandOutSimulation.run(
            spec, new double[] {2, 2, 2, 2}, t -> (t.epochs() - t.initialEpoch()) * EPOCH);
    assertEquals(2 * even.wallSeconds(), halfSpeed.wallSeconds(), 1e-6);
    HandOutSimulation.Result oneSlow =
        HandOutSimulation.run(
            spec, new double[] {1, 1, 1, 3}, t -> (t.epochs() - t.initialEpoch()) * EPOCH);
    // Three full slots and a third of one would take 4 / 3.33 = 1.2x as long; reports held back
    // in the virtual clock's order make it more.
    assertTrue(oneSlow.wallSeconds() > 1.2 * even.wallSeconds(), oneSlow + " vs " + even);
    assertEquals(even.trials(), oneSlow.trials());
  }

  @Test
  void rejectsNoSlots() throws Exception {
    TuneSpec spec = bundled(null);
    assertThrows(IllegalArgumentException.class, () -> simulate(spec, 0));
  }
}
