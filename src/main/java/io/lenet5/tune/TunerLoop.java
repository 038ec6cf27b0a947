package io.lenet5.tune;

import io.lenet5.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a search: asks the oracle for up to {@code parallelTrials} trials, has the executor train
 * them at once, and reports the results in trial order. Batches are formed and reported the same
 * way whatever the timing, so a spec gives the same trials on every run. The oracle writes each
 * change to disk as it happens, so stopping this loop at any point loses at most the trials in
 * flight.
 */
public final class TunerLoop {
  /** Keras Tuner's default {@code max_consecutive_failed_trials}. */
  public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;

  private final HyperbandOracle oracle;
  private final TrialExecutor executor;
  private final int maxConsecutiveFailures;
  private final int parallelTrials;

  /** A loop that runs one trial at a time. */
  public TunerLoop(HyperbandOracle oracle, TrialExecutor executor, int maxConsecutiveFailures) {
    this(oracle, executor, maxConsecutiveFailures, 1);
  }

  /**
   * Creates the loop.
   *
   * @param maxConsecutiveFailures how many trials in a row may fail before the search stops, as
   *     they then point at a problem no hyperparameter will fix
   * @param parallelTrials how many trials may train at once; the executor must be thread-safe when
   *     this is above 1
   */
  public TunerLoop(
      HyperbandOracle oracle,
      TrialExecutor executor,
      int maxConsecutiveFailures,
      int parallelTrials) {
    this.oracle = Objects.requireNonNull(oracle, "oracle");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (maxConsecutiveFailures < 1) {
      throw new IllegalArgumentException(
          "maxConsecutiveFailures: expected >= 1, received " + maxConsecutiveFailures);
    }
    if (parallelTrials < 1) {
      throw new IllegalArgumentException(
          "parallelTrials: expected >= 1, received " + parallelTrials);
    }
    this.maxConsecutiveFailures = maxConsecutiveFailures;
    this.parallelTrials = parallelTrials;
  }

  /**
   * Runs trials until the oracle is finished.
   *
   * @return the best trial, if any completed
   * @throws UserException when {@code maxConsecutiveFailures} trials in a row failed
   * @throws Exception what the executor threw; the trials in flight stay RUNNING
   */
  public Optional<Trial> run() throws Exception {
    ExecutorService pool =
        parallelTrials == 1 ? null : Executors.newFixedThreadPool(parallelTrials);
    try {
      int consecutiveFailures = 0;
      while (true) {
        List<Trial> batch = new ArrayList<>();
        NextTrial next = oracle.nextTrial();
        while (next instanceof NextTrial.Run run) {
          batch.add(run.trial());
          next = batch.size() < parallelTrials ? oracle.nextTrial() : null;
        }
        if (batch.isEmpty()) {
          if (next instanceof NextTrial.Finished) {
            return oracle.best();
          }
          // Only trials handed out elsewhere can make the oracle wait with none of ours out.
          throw new IllegalStateException("the oracle waits for trials this loop did not start");
        }
        for (TrialOutcome outcome : train(batch, pool)) {
          Trial reported = report(outcome.trial(), outcome.result());
          consecutiveFailures =
              reported.status() == TrialStatus.FAILED ? consecutiveFailures + 1 : 0;
          if (consecutiveFailures >= maxConsecutiveFailures) {
            throw new UserException(
                "trials: expected fewer than "
                    + maxConsecutiveFailures
                    + " failed trials in a row, received "
                    + consecutiveFailures
                    + "; the last, trial "
                    + reported.id()
                    + ": "
                    + reported.message());
          }
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private record TrialOutcome(Trial trial, TrialResult result) {}

  /** Trains a batch and returns the outcomes in batch order, rethrowing an executor's failure. */
  private List<TrialOutcome> train(List<Trial> batch, ExecutorService pool) throws Exception {
    if (pool == null) {
      return List.of(new TrialOutcome(batch.get(0), executor.run(batch.get(0))));
    }
    List<Future<TrialResult>> futures = new ArrayList<>();
    batch.forEach(t -> futures.add(pool.submit(() -> executor.run(t))));
    List<TrialOutcome> outcomes = new ArrayList<>();
    Exception failure = null;
    for (int i = 0; i < batch.size(); i++) {
      try {
        outcomes.add(new TrialOutcome(batch.get(i), futures.get(i).get()));
      } catch (ExecutionException e) {
        failure = failure == null && e.getCause() instanceof Exception cause ? cause : failure;
        if (failure == null) {
          throw new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) {
      // Report none: the finished trials of the batch are rerun with the failed one on resume,
      // which keeps the order of reports, and so the search, as in an unbroken run.
      throw failure;
    }
    return outcomes;
  }

  private Trial report(Trial trial, TrialResult result) {
    if (result instanceof TrialResult.Completed completed) {
      return oracle.reportCompleted(trial.id(), completed.score());
    }
    if (result instanceof TrialResult.Failed failed) {
      return oracle.reportFailed(trial.id(), failed.message());
    }
    throw new IllegalArgumentException("result: expected Completed or Failed, received " + result);
  }
}
