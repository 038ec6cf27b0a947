package io.lenet5.tune;

import static io.lenet5.tune.Objective.Direction.MAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver with a fake executor that checks what a real trainer would rely on. */
class TunerLoopTest {
  private static final HyperbandConfig CONFIG = Fakes.config(10, 3, 1, MAX);

  @TempDir Path dir;

  /** Trains nothing; keeps the epoch each trial reached, as a checkpoint would. */
  private static final class FakeTrainer implements TunerLoop.TrialRun {
    final Map<String, Integer> checkpoints = new java.util.concurrent.ConcurrentHashMap<>();
    long epochsTrained;

    @Override
    public synchronized TrialResult run(Trial trial) {
      int start = trial.parentId() == null ? 0 : checkpoints.get(trial.parentId());
      assertEquals(trial.initialEpoch(), start, "resumes where its parent stopped");
      epochsTrained += trial.epochs() - start;
      checkpoints.put(trial.id(), trial.epochs());
      return new TrialResult.Completed(Fakes.score(trial));
    }
  }

  @Test
  void runsTheScheduleResumingPromotedTrials() throws Exception {
    HyperbandOracle oracle = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir));
    FakeTrainer trainer = new FakeTrainer();
    Trial best = loop(oracle, trainer).run().orElseThrow();
    assertEquals(30, trainer.checkpoints.size());
    assertEquals(120, trainer.epochsTrained);
    assertEquals("0018", best.id());
    assertTrue(oracle.isFinished());
  }

  @Test
  void failuresAndNanScoresAreRecordedAndSkipped() throws Exception {
    HyperbandOracle oracle = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir));
    TunerLoop.TrialRun executor =
        trial ->
            switch (trial.index()) {
              case 3 -> new TrialResult.Failed("loss diverged");
              case 8 -> new TrialResult.Completed(Double.NaN);
              default -> new TrialResult.Completed(Fakes.score(trial));
            };
    loop(oracle, executor).run();
    List<Trial> trials = oracle.trials();
    assertEquals("loss diverged", trials.get(3).message());
    assertEquals("objective val_accuracy is NaN", trials.get(8).message());
    assertEquals(
        List.of("0011", "0006", "0001", "0009"),
        trials.subList(12, 16).stream().map(Trial::parentId).toList());
  }

  @Test
  void stopsAfterTooManyFailuresInARow() {
    HyperbandOracle oracle = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir));
    TunerLoop loop = loop(oracle, trial -> new TrialResult.Failed("loss diverged"));
    UserException e = assertThrows(UserException.class, loop::run);
    assertEquals(
        "trials: expected fewer than 3 failed trials in a row, received 3; the last, trial 0002:"
            + " loss diverged",
        e.getMessage());
  }

  @Test
  void anExecutorCrashStopsTheRunAndResumingRerunsTheTrial() throws Exception {
    TrialStore store = TrialStore.at(dir.resolve("crashed"));
    IOException crash = new IOException("disk full");
    // Checkpoints outlive the process, so one fake trainer serves both runs.
    FakeTrainer trainer = new FakeTrainer();
    TunerLoop.TrialRun crashesAtFive =
        trial -> {
          if (trial.index() == 5) {
            throw crash;
          }
          return trainer.run(trial);
        };
    HyperbandOracle oracle = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, store);
    assertSame(crash, assertThrows(IOException.class, loop(oracle, crashesAtFive)::run));
    assertEquals(TrialStatus.RUNNING, oracle.trials().get(5).status());

    HyperbandOracle resumed = HyperbandOracle.resume(store, Fakes.SAMPLER);
    loop(resumed, trainer).run();

    HyperbandOracle reference =
        HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("reference")));
    loop(reference, new FakeTrainer()).run();
    assertEquals(reference.trials(), resumed.trials());
  }

  @Test
  void parallelTrialsRunTheWholeScheduleTheSameWayEveryTime() throws Exception {
    List<List<Trial>> runs = new java.util.ArrayList<>();
    for (int run = 0; run < 3; run++) {
      HyperbandOracle oracle =
          HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("p" + run)));
      FakeTrainer trainer = new FakeTrainer();
      java.util.Random jitter = new java.util.Random(run);
      TunerLoop.TrialRun slowAtRandom =
          trial -> {
            Thread.sleep(jitter.nextInt(3)); // finish in another order each run
            return trainer.run(trial);
          };
      new TunerLoop(oracle, slowAtRandom, TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES, 2, t -> {})
          .run();
      assertEquals(30, trainer.checkpoints.size());
      assertEquals(120, trainer.epochsTrained);
      runs.add(oracle.trials());
    }
    assertEquals(runs.get(0), runs.get(1));
    assertEquals(runs.get(0), runs.get(2));
  }

  @Test
  void keepsParallelTrialsTrainingAtOnce() throws Exception {
    HyperbandOracle oracle = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir));
    java.util.concurrent.atomic.AtomicInteger training =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most =
        new java.util.concurrent.atomic.AtomicInteger();
    TunerLoop.TrialRun counting =
        trial -> {
          most.accumulateAndGet(training.incrementAndGet(), Math::max);
          Thread.sleep(20);
          training.decrementAndGet();
          return new TrialResult.Completed(Fakes.score(trial));
        };
    new TunerLoop(oracle, counting, TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES, 3, t -> {}).run();
    assertEquals(3, most.get());
    assertEquals(30, oracle.trials().size());
  }

  @Test
  void reportsInVirtualOrderWhateverTheRealTiming() throws Exception {
    // Reference: a trial ends only after every older one.
    HyperbandOracle strict =
        HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("strict")));
    FakeTrainer strictTrainer = new FakeTrainer();
    Map<Integer, CountDownLatch> ended = new ConcurrentHashMap<>();
    TunerLoop.TrialRun inOrder =
        trial -> {
          if (trial.index() > 0) {
            ended.computeIfAbsent(trial.index() - 1, i -> new CountDownLatch(1)).await();
          }
          TrialResult result = strictTrainer.run(trial);
          ended.computeIfAbsent(trial.index(), i -> new CountDownLatch(1)).countDown();
          return result;
        };
    List<String> strictReports = new CopyOnWriteArrayList<>();
    new TunerLoop(
            strict,
            inOrder,
            TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES,
            3,
            t -> strictReports.add(t.id()))
        .run();

    HyperbandOracle uneven =
        HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("uneven")));
    FakeTrainer trainer = new FakeTrainer();
    TunerLoop.TrialRun longAndShort =
        trial -> {
          Thread.sleep(trial.index() % 3 == 0 ? 30 : 1); // every third trial is slow
          return trainer.run(trial);
        };
    List<String> reports = new CopyOnWriteArrayList<>();
    new TunerLoop(
            uneven,
            longAndShort,
            TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES,
            3,
            t -> reports.add(t.id()))
        .run();

    assertEquals(strict.trials(), uneven.trials());
    assertEquals(strictReports, reports);
    assertEquals(120, trainer.epochsTrained);
    List<String> handOut = uneven.trials().stream().map(Trial::id).toList();
    assertNotEquals(handOut, reports, "a trial of fewer epochs is reported before an older one");
  }

  @Test
  void aResumedParallelSearchEqualsAnUninterruptedOne() throws Exception {
    HyperbandOracle reference =
        HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("reference")));
    new TunerLoop(reference, new FakeTrainer(), 3, 3, t -> {}).run();

    Path store = dir.resolve("crashed");
    HyperbandOracle first = HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(store));
    FakeTrainer before = new FakeTrainer();
    IOException crash = new IOException("disk gone");
    TunerLoop.TrialRun crashesAt17 =
        trial -> {
          if (trial.index() == 17) {
            throw crash;
          }
          return before.run(trial);
        };
    assertSame(
        crash,
        assertThrows(IOException.class, new TunerLoop(first, crashesAt17, 3, 3, t -> {})::run));
    assertTrue(first.trials().stream().filter(t -> t.status() == TrialStatus.RUNNING).count() > 1);

    HyperbandOracle resumed = HyperbandOracle.resume(TrialStore.at(store), Fakes.SAMPLER);
    FakeTrainer after = new FakeTrainer();
    after.checkpoints.putAll(before.checkpoints);
    new TunerLoop(resumed, after, 3, 3, t -> {}).run();
    assertEquals(reference.trials(), resumed.trials());

    // Resumed with other parallel trials, the record does not replay; the search still ends.
    HyperbandOracle other =
        HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("other")));
    FakeTrainer twice = new FakeTrainer();
    TunerLoop.TrialRun crashesAt9 =
        trial -> {
          if (trial.index() == 9) {
            throw crash;
          }
          return twice.run(trial);
        };
    assertThrows(IOException.class, new TunerLoop(other, crashesAt9, 3, 3, t -> {})::run);
    HyperbandOracle otherResumed =
        HyperbandOracle.resume(TrialStore.at(dir.resolve("other")), Fakes.SAMPLER);
    new TunerLoop(otherResumed, twice, 3, 2, t -> {}).run();
    assertTrue(otherResumed.isFinished());
    assertEquals(30, otherResumed.trials().size());
  }

  private static TunerLoop loop(HyperbandOracle oracle, TunerLoop.TrialRun executor) {
    return new TunerLoop(oracle, executor, TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES, 1, t -> {});
  }
}
