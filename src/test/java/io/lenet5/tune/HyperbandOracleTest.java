package io.lenet5.tune;

import static io.lenet5.tune.Objective.Direction.MAX;
import static io.lenet5.tune.Objective.Direction.MIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of trials, their epochs and parents, against sequences printed by Keras Tuner's own
 * {@code HyperbandOracle} (keras-tuner 417e5b5) driven with the same fake scores, {@code (index *
 * 37) % 23}. Each line: id, bracket, round, initial epoch-epochs, parent.
 */
class HyperbandOracleTest {
  @TempDir Path dir;

  private HyperbandOracle oracle(int maxEpochs, int factor, int iterations, Objective.Direction d) {
    return HyperbandOracle.start(
        Fakes.config(maxEpochs, factor, iterations, d), Fakes.SAMPLER, TrialStore.at(dir));
  }

  @Test
  void maxEpochs10Factor3PromotesTheTopThirdOfEachRound() {
    List<String> trials = Fakes.runSequentially(oracle(10, 3, 1, MAX), Set.of());
    assertEquals(
        """
        0000 2 0 0-2 -
        0001 2 0 0-2 -
        0002 2 0 0-2 -
        0003 2 0 0-2 -
        0004 2 0 0-2 -
        0005 2 0 0-2 -
        0006 2 0 0-2 -
        0007 2 0 0-2 -
        0008 2 0 0-2 -
        0009 2 0 0-2 -
        0010 2 0 0-2 -
        0011 2 0 0-2 -
        0012 2 1 2-4 0008
        0013 2 1 2-4 0003
        0014 2 1 2-4 0011
        0015 2 1 2-4 0006
        0016 2 2 4-10 0013
        0017 2 2 4-10 0014
        0018 1 0 0-4 -
        0019 1 0 0-4 -
        0020 1 0 0-4 -
        0021 1 0 0-4 -
        0022 1 0 0-4 -
        0023 1 0 0-4 -
        0024 1 1 4-10 0018
        0025 1 1 4-10 0021
        0026 0 0 0-10 -
        0027 0 0 0-10 -
        0028 0 0 0-10 -
        0029 0 0 0-10 -
        """,
        lines(trials));
  }

  @Test
  void minimizingPromotesTheLowestScores() {
    List<String> trials = Fakes.runSequentially(oracle(10, 3, 1, MIN), Set.of());
    assertEquals(30, trials.size());
    assertEquals(
        """
        0012 2 1 2-4 0000
        0013 2 1 2-4 0005
        0014 2 1 2-4 0010
        0015 2 1 2-4 0002
        0016 2 2 4-10 0015
        0017 2 2 4-10 0012
        0024 1 1 4-10 0023
        0025 1 1 4-10 0020
        """,
        lines(promoted(trials)));
  }

  @Test
  void maxEpochs9Factor3Minimizing() {
    List<String> trials = Fakes.runSequentially(oracle(9, 3, 1, MIN), Set.of());
    assertEquals(23, trials.size());
    assertEquals(
        """
        0009 2 1 1-3 0000
        0010 2 1 1-3 0005
        0011 2 1 1-3 0002
        0012 2 2 3-9 0010
        0018 1 1 3-9 0015
        0019 1 1 3-9 0017
        """,
        lines(promoted(trials)));
  }

  @Test
  void secondIterationStartsAgainAtTheHighestBracket() {
    HyperbandOracle oracle = oracle(4, 2, 2, MAX);
    List<String> trials = Fakes.runSequentially(oracle, Set.of());
    assertEquals(
        """
        0000 2 0 0-1 -
        0001 2 0 0-1 -
        0002 2 0 0-1 -
        0003 2 0 0-1 -
        0004 2 1 1-2 0003
        0005 2 1 1-2 0001
        0006 2 2 2-4 0004
        0007 1 0 0-2 -
        0008 1 0 0-2 -
        0009 1 0 0-2 -
        0010 1 1 2-4 0008
        0011 1 1 2-4 0009
        0012 0 0 0-4 -
        0013 0 0 0-4 -
        0014 0 0 0-4 -
        0015 2 0 0-1 -
        0016 2 0 0-1 -
        0017 2 0 0-1 -
        0018 2 0 0-1 -
        0019 2 1 1-2 0018
        0020 2 1 1-2 0016
        0021 2 2 2-4 0019
        0022 1 0 0-2 -
        0023 1 0 0-2 -
        0024 1 0 0-2 -
        0025 1 1 2-4 0024
        0026 1 1 2-4 0022
        0027 0 0 0-4 -
        0028 0 0 0-4 -
        0029 0 0 0-4 -
        """,
        lines(trials));
    assertEquals(List.of(0, 1), oracle.trials().stream().map(Trial::iteration).distinct().toList());
    assertEquals(1, oracle.trials().get(15).iteration());
  }

  /**
   * Four workers; each time the trial at position {@code (step * 7) % running} of the running list
   * finishes. Keras Tuner opens the next bracket rather than wait, and promotes a trial before its
   * round ends once it is sure to be in the top third. Events: a trial handed out (id, round,
   * initial epoch-epochs, parent) or "done id".
   */
  @Test
  void parallelWorkersGetKerasTunersOrderWithEarlyPromotion() {
    assertEquals(
        """
        0000 0 0-2 - | 0001 0 0-2 - | 0002 0 0-2 - | 0003 0 0-2 -
        done 0000 | 0004 0 0-2 - | done 0004 | 0005 0 0-2 -
        done 0003 | 0006 0 0-2 - | done 0002 | 0007 0 0-2 -
        done 0001 | 0008 0 0-2 - | done 0008 | 0009 0 0-2 -
        done 0007 | 0010 0 0-2 - | done 0006 | 0011 0 0-2 -
        done 0005 | 0012 1 2-4 0008 | done 0012 | 0013 0 0-4 -
        done 0011 | 0014 1 2-4 0003 | done 0010 | 0015 1 2-4 0011
        done 0009 | 0016 1 2-4 0006 | done 0016 | 0017 0 0-4 -
        done 0015 | 0018 2 4-10 0016 | done 0014 | 0019 2 4-10 0014
        done 0013 | 0020 0 0-4 - | done 0020 | 0021 0 0-4 -
        done 0019 | 0022 0 0-4 - | done 0018 | 0023 0 0-4 -
        done 0017 | 0024 0 0-10 - | done 0024 | 0025 0 0-10 -
        done 0023 | 0026 0 0-10 - | done 0022 | 0027 1 4-10 0013
        done 0021 | 0028 1 4-10 0021 | done 0028 | 0029 0 0-10 -
        done 0027 | done 0025 | done 0026 | done 0029
        """,
        ParallelRun.events(oracle(10, 3, 1, MAX), 4));
  }

  @Test
  void threeParallelWorkersOnMaxEpochs4Factor2() {
    assertEquals(
        """
        0000 0 0-1 - | 0001 0 0-1 - | 0002 0 0-1 - | done 0000
        0003 0 0-1 - | done 0002 | 0004 0 0-2 - | done 0004
        0005 0 0-2 - | done 0001 | 0006 1 1-2 0001 | done 0005
        0007 0 0-2 - | done 0007 | 0008 1 2-4 0004 | done 0003
        0009 1 1-2 0003 | done 0008 | 0010 1 2-4 0007 | done 0010
        0011 0 0-4 - | done 0006 | 0012 0 0-4 - | done 0011
        0013 0 0-4 - | done 0013 | done 0009 | 0014 2 2-4 0006
        done 0014 | done 0012
        """,
        ParallelRun.events(oracle(4, 2, 1, MAX), 3));
  }

  /** Keras Tuner's test_hyperband_oracle_one_sweep_parallel. */
  @Test
  void waitsOnlyWhenTheLastBracketIsOpenAndBlocked() {
    HyperbandOracle oracle = oracle(4, 2, 1, MAX);
    List<Trial> round0 = handOutUntilWait(oracle);
    assertEquals(10, round0.size(), "round 0 of all three brackets");
    assertEquals(NextTrial.WAIT, oracle.nextTrial());
    assertFalse(oracle.isFinished());
    round0.forEach(t -> oracle.reportCompleted(t.id(), 1));

    List<Trial> round1 = handOutUntilWait(oracle);
    assertEquals(4, round1.size(), "round 1 of brackets 2 and 1");
    round1.forEach(t -> oracle.reportCompleted(t.id(), 1));

    List<Trial> round2 = handOutUntilWait(oracle);
    assertEquals(1, round2.size(), "round 2 of bracket 2");
    assertFalse(oracle.isFinished());
    oracle.reportCompleted(round2.get(0).id(), 1);

    assertEquals(NextTrial.FINISHED, oracle.nextTrial());
    assertTrue(oracle.isFinished());
  }

  @Test
  void failedTrialsAreSkippedAndTheNextBestPromoted() {
    // Round 0 ranks 8, 3, 11, 6, 1, 9...; the two best fail.
    List<String> trials = Fakes.runSequentially(oracle(10, 3, 1, MAX), Set.of(3, 8));
    assertEquals(30, trials.size());
    assertEquals(
        """
        0012 2 1 2-4 0011
        0013 2 1 2-4 0006
        0014 2 1 2-4 0001
        0015 2 1 2-4 0009
        0016 2 2 4-10 0013
        0017 2 2 4-10 0014
        0024 1 1 4-10 0018
        0025 1 1 4-10 0021
        """,
        lines(promoted(trials)));
  }

  /**
   * With trial 0011 still running, only three promotions are certain to be in the top four of round
   * 0's completed trials; the fourth waits for 0011, which then turns out to be the best.
   */
  @Test
  void parallelPromotionWithFailuresWaitsUntilTheTopIsCertain() {
    HyperbandOracle oracle = oracle(10, 3, 1, MAX);
    List<Trial> round0 = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      round0.add(((NextTrial.Run) oracle.nextTrial()).trial());
    }
    for (Trial t : round0.subList(0, 11)) {
      if (t.index() == 3 || t.index() == 8) {
        oracle.reportFailed(t.id(), "fake failure");
      } else {
        oracle.reportCompleted(t.id(), Fakes.score(t));
      }
    }
    List<String> next = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      next.add(Fakes.describe(((NextTrial.Run) oracle.nextTrial()).trial()));
    }
    oracle.reportCompleted("0011", Fakes.score(round0.get(11)));
    next.add(Fakes.describe(((NextTrial.Run) oracle.nextTrial()).trial()));
    assertEquals(
        """
        0012 2 1 2-4 0006
        0013 2 1 2-4 0001
        0014 2 1 2-4 0009
        0015 1 0 0-4 -
        0016 2 1 2-4 0011
        """,
        lines(next));
  }

  @Test
  void tooFewCompletedPromotesFewer() {
    HyperbandOracle oracle = oracle(4, 2, 1, MAX);
    // Bracket 2 is 4 -> 2 -> 1 trials; three of its first four fail.
    List<String> trials = Fakes.runSequentially(oracle, Set.of(0, 1, 2));
    assertEquals(
        """
        0000 2 0 0-1 -
        0001 2 0 0-1 -
        0002 2 0 0-1 -
        0003 2 0 0-1 -
        0004 2 1 1-2 0003
        0005 2 2 2-4 0004
        0006 1 0 0-2 -
        """,
        lines(trials.subList(0, 7)));
    assertEquals(14, trials.size());
  }

  @Test
  void aBracketWhoseFirstRoundAllFailedEndsThere() {
    List<String> trials = Fakes.runSequentially(oracle(4, 2, 1, MAX), Set.of(0, 1, 2, 3));
    assertEquals("0004 1 0 0-2 -", trials.get(4));
    assertEquals(12, trials.size());
  }

  @Test
  void nanScoreCountsAsFailed() {
    HyperbandOracle oracle = oracle(2, 2, 1, MAX);
    Trial first = ((NextTrial.Run) oracle.nextTrial()).trial();
    Trial second = ((NextTrial.Run) oracle.nextTrial()).trial();
    Trial failed = oracle.reportCompleted(first.id(), Double.NaN);
    assertEquals(TrialStatus.FAILED, failed.status());
    assertEquals("objective val_accuracy is NaN", failed.message());
    oracle.reportCompleted(second.id(), 0.5);
    Trial promoted = ((NextTrial.Run) oracle.nextTrial()).trial();
    assertEquals(second.id(), promoted.parentId());
  }

  @Test
  void bestIsTheTopCompletedTrialAndTheEarliestOnATie() {
    HyperbandOracle max = oracle(10, 3, 1, MAX);
    Fakes.runSequentially(max, Set.of());
    // (37 i) % 23 first reaches its maximum, 22, at i = 18.
    assertEquals("0018", max.best().orElseThrow().id());
    assertEquals(22.0, max.best().orElseThrow().score());

    HyperbandOracle min =
        HyperbandOracle.start(
            Fakes.config(10, 3, 1, MIN), Fakes.SAMPLER, TrialStore.at(dir.resolve("min")));
    assertTrue(min.best().isEmpty());
    Fakes.runSequentially(min, Set.of());
    // Trials 0000 and 0023 both score 0.
    assertEquals("0000", min.best().orElseThrow().id());
  }

  private static List<Trial> handOutUntilWait(HyperbandOracle oracle) {
    List<Trial> trials = new ArrayList<>();
    NextTrial next;
    while ((next = oracle.nextTrial()) instanceof NextTrial.Run run) {
      trials.add(run.trial());
    }
    assertEquals(NextTrial.WAIT, next);
    return trials;
  }

  private static List<String> promoted(List<String> trials) {
    return trials.stream().filter(t -> !t.endsWith("-")).collect(Collectors.toList());
  }

  private static String lines(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }
}
