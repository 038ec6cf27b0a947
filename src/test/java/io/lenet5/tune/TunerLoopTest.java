package io.lenet5.tune;

import static io.lenet5.tune.Objective.Direction.MAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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
  void placesThatShortTrialsLeaveAreFilledAheadWithTheSameTrials() throws Exception {
    // Reference: a trial ends only after every older one, so places free in hand-out order.
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
    new TunerLoop(strict, inOrder, TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES, 3, t -> {}).run();

    HyperbandOracle ahead =
        HyperbandOracle.start(CONFIG, Fakes.SAMPLER, TrialStore.at(dir.resolve("ahead")));
    FakeTrainer trainer = new FakeTrainer();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger reported = new AtomicInteger();
    AtomicInteger mostUnreported = new AtomicInteger();
    TunerLoop.TrialRun longAndShort =
        trial -> {
          mostUnreported.accumulateAndGet(started.incrementAndGet() - reported.get(), Math::max);
          Thread.sleep(trial.index() % 3 == 0 ? 40 : 2); // every third trial is long
          return trainer.run(trial);
        };
    new TunerLoop(
            ahead,
            longAndShort,
            TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES,
            3,
            t -> reported.incrementAndGet())
        .run();

    assertEquals(strict.trials(), ahead.trials());
    assertEquals(120, trainer.epochsTrained);
    assertTrue(mostUnreported.get() > 3, "trials handed out ahead: " + mostUnreported.get());
  }

  private static TunerLoop loop(HyperbandOracle oracle, TunerLoop.TrialRun executor) {
    return new TunerLoop(oracle, executor, TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES, 1, t -> {});
  }
}
