package io.lenet5.tune;

import static io.lenet5.tune.Objective.Direction.MAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous successive halving (ASHA, Li et al., MLSys 2020) in the hand-out simulator against
 * this project's Hyperband at equal work: the figures behind the decision not to build it (see
 * BENCHMARKS.md). ASHA promotes a trial as soon as it is in the top 1/eta of its rung's reports.
 */
class AshaSimulationTest {
  private static final Objective SCORE = new Objective("score", MAX);
  private static final HyperbandSchedule BUNDLED = new HyperbandSchedule(27, 3, 1);

  /** The bundled spec's epoch times by batch size, 3 trials at once on this 2-core machine. */
  private static final Calibration.EpochTimes TIMES =
      new Calibration.EpochTimes(
          new TreeMap<>(Map.of(32L, 6.59, 64L, 5.74, 128L, 5.30, 256L, 5.15)), 0);

  private static final HyperparameterSampler SAMPLER =
      rng -> {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("learningRate", rng.nextDouble());
        values.put("batchSize", List.of(32L, 64L, 128L, 256L).get(rng.nextInt(4)));
        return values;
      };

  private static double seconds(Trial t) {
    return (t.epochs() - t.initialEpoch()) * TIMES.at((Long) t.hyperparameters().get("batchSize"));
  }

  /** ASHA with rungs of 1, 3, 9 and 27 epochs, handing out trials until {@code budget} epochs. */
  static final class AshaOracle extends LedgerOracle {
    private final int eta;
    private final List<Integer> rungs;
    private final long budget;
    private final long seed;
    private final SearchPlan plan;

    AshaOracle(int minEpochs, int eta, int maxEpochs, long budget, long seed) {
      super(new TrialLedger(TrialStore.discarding(), SCORE, SAMPLER, seed, List.of()));
      this.eta = eta;
      this.budget = budget;
      this.seed = seed;
      this.rungs = new ArrayList<>();
      for (int r = minEpochs; r < maxEpochs; r *= eta) {
        rungs.add(r);
      }
      rungs.add(maxEpochs);
      this.plan = new RandomSearchConfig(1, maxEpochs, SCORE, seed);
    }

    @Override
    protected NextTrial next() {
      long handedOut = ledger.trials().stream().mapToLong(t -> t.epochs() - t.initialEpoch()).sum();
      for (int rung = rungs.size() - 2; rung >= 0; rung--) {
        Trial promoted = promotable(rung);
        if (promoted != null) {
          if (handedOut + rungs.get(rung + 1) - rungs.get(rung) > budget) {
            break;
          }
          return new NextTrial.Run(
              Trial.running(
                  ledger.size(),
                  promoted.hyperparameters(),
                  0,
                  rungs.size() - 1, // Trial requires round <= bracket
                  rung + 1,
                  rungs.get(rung + 1),
                  rungs.get(rung),
                  promoted.id()));
        }
      }
      if (handedOut + rungs.get(0) > budget) {
        return ledger.anyRunning() ? NextTrial.WAIT : NextTrial.FINISHED;
      }
      return ledger.newConfiguration(
          values ->
              Trial.running(ledger.size(), values, 0, rungs.size() - 1, 0, rungs.get(0), 0, null));
    }

    /** The best completed trial of {@code rung} in its top 1/eta that no trial continues yet. */
    private Trial promotable(int rung) {
      List<Trial> done =
          ledger.trials().stream()
              .filter(t -> t.round() == rung && t.status() == TrialStatus.COMPLETED)
              .sorted(Comparator.comparingDouble(Trial::score).reversed())
              .toList();
      Set<String> continued = new HashSet<>();
      ledger.trials().forEach(t -> continued.add(t.parentId()));
      return done.stream()
          .limit(done.size() / eta)
          .filter(t -> !continued.contains(t.id()))
          .findFirst()
          .orElse(null);
    }

    @Override
    public Oracle replica() {
      return new AshaOracle(rungs.get(0), eta, rungs.get(rungs.size() - 1), budget, seed);
    }

    @Override
    public Objective objective() {
      return SCORE;
    }

    @Override
    public SearchPlan plan() {
      return plan;
    }
  }

  private static HandOutSimulation.Result hyperband(int iterations, double[] slots) {
    HyperbandOracle oracle =
        HyperbandOracle.start(
            new HyperbandConfig(new HyperbandSchedule(27, 3, iterations), SCORE, 42),
            SAMPLER,
            TrialStore.discarding());
    return HandOutSimulation.run(oracle, 42, slots, AshaSimulationTest::seconds);
  }

  private static HandOutSimulation.Result asha(int iterations, double[] slots) {
    AshaOracle oracle = new AshaOracle(1, 3, 27, iterations * BUNDLED.epochsWithResume(), 42);
    return HandOutSimulation.run(oracle, 42, slots, AshaSimulationTest::seconds);
  }

  private static double[] slots(int fast, int slow) {
    double[] speeds = new double[fast + slow];
    for (int i = 0; i < speeds.length; i++) {
      speeds[i] = i < fast ? 1 : 3;
    }
    return speeds;
  }

  /** Prints the table of BENCHMARKS.md; both spend the same epochs, Hyperband's schedule's. */
  @Test
  void againstHyperbandAtEqualWork() {
    StringBuilder table = new StringBuilder();
    record Setting(int iterations, double[] slots) {}
    List<Setting> settings =
        List.of(
            new Setting(1, slots(3, 0)),
            new Setting(1, slots(8, 0)),
            new Setting(1, slots(32, 0)),
            new Setting(7, slots(32, 0)),
            new Setting(1, slots(2, 1)),
            new Setting(1, slots(6, 2)),
            new Setting(7, slots(24, 8)));
    for (Setting setting : settings) {
      HandOutSimulation.Result hb = hyperband(setting.iterations(), setting.slots());
      HandOutSimulation.Result as = asha(setting.iterations(), setting.slots());
      long slow = java.util.Arrays.stream(setting.slots()).filter(s -> s > 1).count();
      table.append(
          String.format(
              Locale.ROOT,
              "| %d (%d 3x slower) | %d | %.0f s, %.0f%%, %.0f s | %.0f s, %.0f%%, %.0f s |"
                  + " %.2fx | %.2fx |%n",
              setting.slots().length,
              slow,
              setting.iterations(),
              hb.wallSeconds(),
              100 * hb.busyFraction(),
              hb.firstFullSeconds(),
              as.wallSeconds(),
              100 * as.busyFraction(),
              as.firstFullSeconds(),
              hb.wallSeconds() / as.wallSeconds(),
              hb.firstFullSeconds() / as.firstFullSeconds()));
      assertTrue(as.firstFullSeconds() > 0 && hb.firstFullSeconds() > 0, table.toString());
    }
    System.out.print(table);
  }

  @Test
  void ashaSpendsTheBudgetAndPromotesTheTopThird() {
    AshaOracle oracle = new AshaOracle(1, 3, 27, BUNDLED.epochsWithResume(), 42);
    HandOutSimulation.run(oracle, 42, HandOutSimulation.evenSlots(8), AshaSimulationTest::seconds);
    long epochs = oracle.trials().stream().mapToLong(t -> t.epochs() - t.initialEpoch()).sum();
    assertTrue(epochs <= BUNDLED.epochsWithResume(), epochs + " epochs");
    assertTrue(epochs > BUNDLED.epochsWithResume() - 27, epochs + " epochs");
    assertTrue(oracle.trials().stream().anyMatch(t -> t.epochs() == 27), "a full trial");
    assertEquals(
        0,
        oracle.trials().stream()
            .filter(t -> t.parentId() != null)
            .filter(
                t ->
                    oracle.trials().get(Integer.parseInt(t.parentId())).epochs()
                        != t.initialEpoch())
            .count());
  }
}
