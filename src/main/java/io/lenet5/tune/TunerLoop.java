package io.lenet5.tune;

import io.lenet5.UserException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a search: keeps up to {@code parallelTrials} trials training and reports them to the oracle
 * in the order they end on a virtual clock that counts epochs: a trial handed out at virtual time t
 * ends at t plus the epochs it trains, ties in hand-out order. The oracle so sees the same sequence
 * of reports and requests whatever the real timing, and a spec gives the same trials on every run
 * and engine; as epochs take about the same time, a place seldom waits for a trial that ends later
 * on the virtual clock. The oracle writes each change to disk as it happens, so stopping this loop
 * at any point loses at most the trials in flight; a resumed loop replays the record on a {@link
 * Oracle#replica} to find the virtual clock again. Where the trials train is its {@link Slots}:
 * threads of this process, or a simulated clock ({@link HandOutSimulation}), so a simulation
 * follows the very rules a search does.
 */
public final class TunerLoop {
  /** Keras Tuner's default {@code max_consecutive_failed_trials}. */
  public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;

  /** Trains one trial for the loop. */
  @FunctionalInterface
  public interface TrialRun {
    /**
     * Runs one trial.
     *
     * @return the score, or a failure specific to this trial; it is then skipped for promotion
     * @throws Exception when the search itself cannot go on: the loop stops and the trial stays
     *     RUNNING, to be rerun on resume
     */
    TrialResult run(Trial trial) throws Exception;
  }

  /** Where the loop's trials train; used from the loop's thread only. */
  interface Slots {
    /** Starts training {@code trial}; the future is done once it ended. */
    Future<TrialResult> start(Trial trial);

    /** Blocks until a trial started here ends; returns once per ended trial. */
    void awaitEnd() throws InterruptedException;

    /** Stops what still trains. */
    void close();
  }

  private final Oracle oracle;
  private final TrialRun executor;
  private final int maxConsecutiveFailures;
  private final int parallelTrials;
  private final Consumer<Trial> onReported;
  private final Function<TrialRun, Slots> slots;

  /**
   * Creates the loop.
   *
   * @param maxConsecutiveFailures how many trials in a row may fail before the search stops, as
   *     they then point at a problem no hyperparameter will fix
   * @param parallelTrials how many trials may train at once; the executor must be thread-safe when
   *     this is above 1
   * @param onReported sees each trial as the oracle recorded it, in hand-out order
   */
  public TunerLoop(
      Oracle oracle,
      TrialRun executor,
      int maxConsecutiveFailures,
      int parallelTrials,
      Consumer<Trial> onReported) {
    this(oracle, executor, maxConsecutiveFailures, parallelTrials, onReported, null);
  }

  /** A loop whose trials train in {@code slots}, e.g. on a simulated clock; null for threads. */
  TunerLoop(
      Oracle oracle,
      TrialRun executor,
      int maxConsecutiveFailures,
      int parallelTrials,
      Consumer<Trial> onReported,
      Function<TrialRun, Slots> slots) {
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
    this.onReported = Objects.requireNonNull(onReported, "onReported");
    this.slots = slots != null ? slots : run -> new Threads(run, parallelTrials);
  }

  /**
   * Runs trials until the oracle is finished.
   *
   * @return the best trial, if any completed
   * @throws UserException when {@code maxConsecutiveFailures} trials in a row failed
   * @throws Exception what the executor threw; the trials in flight stay RUNNING
   */
  public Optional<Trial> run() throws Exception {
    Slots places = slots.apply(executor);
    try {
      VirtualClock clock = replay();
      PriorityQueue<InFlight> inFlight = new PriorityQueue<>(InFlight.VIRTUAL_ORDER);
      int consecutiveFailures = 0;
      while (true) {
        NextTrial next = null;
        while (inFlight.size() < parallelTrials
            && (next = oracle.nextTrial()) instanceof NextTrial.Run run) {
          Trial trial = run.trial();
          inFlight.add(new InFlight(trial, clock.endOf(trial), places.start(trial)));
        }
        if (inFlight.isEmpty()) {
          if (next instanceof NextTrial.Finished) {
            return oracle.best();
          }
          // Only trials handed out elsewhere can make the oracle wait with none of ours out.
          throw new IllegalStateException("the oracle waits for trials this loop did not start");
        }
        InFlight first = inFlight.poll();
        while (!first.future().isDone()) {
          places.awaitEnd();
        }
        clock.now = first.virtualEnd();
        Trial reported = report(oracle, first.trial(), first.result());
        onReported.accept(reported);
        consecutiveFailures = reported.status() == TrialStatus.FAILED ? consecutiveFailures + 1 : 0;
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
    } finally {
      places.close();
    }
  }

  /** Virtual time in epochs, and the virtual ends the replay gave the trials still in flight. */
  private static final class VirtualClock {
    private long now;
    private final Map<String, Long> replayedEnds;

    VirtualClock(long now, Map<String, Long> replayedEnds) {
      this.now = now;
      this.replayedEnds = replayedEnds;
    }

    static VirtualClock fresh() {
      return new VirtualClock(0, new HashMap<>());
    }

    long endOf(Trial trial) {
      Long replayed = replayedEnds.remove(trial.id());
      return replayed != null ? replayed : now + epochs(trial);
    }
  }

  private static long epochs(Trial trial) {
    return trial.epochs() - trial.initialEpoch();
  }

  /**
   * Where the recorded search stands on the virtual clock: replays the loop on a replica of the
   * oracle, reporting the recorded results, until the next report is of a trial still RUNNING. A
   * record the replica does not reproduce, such as one written with another {@code parallelTrials},
   * starts the clock afresh: the search goes on, without the promise of equalling an uninterrupted
   * one.
   */
  private VirtualClock replay() {
    List<Trial> recorded = oracle.trials();
    if (recorded.isEmpty()) {
      return VirtualClock.fresh();
    }
    Oracle replica = oracle.replica();
    PriorityQueue<InFlight> inFlight = new PriorityQueue<>(InFlight.VIRTUAL_ORDER);
    long now = 0;
    int handedOut = 0;
    while (true) {
      while (inFlight.size() < parallelTrials
          && handedOut < recorded.size()
          && replica.nextTrial() instanceof NextTrial.Run run) {
        Trial trial = recorded.get(handedOut++);
        if (!sameHandOut(run.trial(), trial)) {
          return VirtualClock.fresh();
        }
        inFlight.add(new InFlight(trial, now + epochs(trial), null));
      }
      InFlight first = inFlight.peek();
      if (first == null || first.trial().status() == TrialStatus.RUNNING) {
        if (handedOut < recorded.size()) {
          return VirtualClock.fresh();
        }
        Map<String, Long> ends = new HashMap<>();
        inFlight.forEach(f -> ends.put(f.trial().id(), f.virtualEnd()));
        return new VirtualClock(now, ends);
      }
      inFlight.poll();
      now = first.virtualEnd();
      Trial trial = first.trial();
      report(
          replica,
          trial,
          trial.status() == TrialStatus.COMPLETED
              ? new TrialResult.Completed(trial.score())
              : new TrialResult.Failed(trial.message()));
    }
  }

  private static boolean sameHandOut(Trial a, Trial b) {
    return a.id().equals(b.id())
        && a.hyperparameters().equals(b.hyperparameters())
        && a.iteration() == b.iteration()
        && a.bracket() == b.bracket()
        && a.round() == b.round()
        && a.epochs() == b.epochs()
        && a.initialEpoch() == b.initialEpoch()
        && Objects.equals(a.parentId(), b.parentId());
  }

  /** A trial handed to the slots, done or still training, and when it ends on the virtual clock. */
  private record InFlight(Trial trial, long virtualEnd, Future<TrialResult> future) {
    static final Comparator<InFlight> VIRTUAL_ORDER =
        Comparator.comparingLong(InFlight::virtualEnd).thenComparingInt(f -> f.trial().index());

    TrialResult result() throws Exception {
      try {
        return future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Trials on a pool of this process's threads, or here and now when one trains at a time. */
  private static final class Threads implements Slots {
    private final TrialRun executor;
    private final ExecutorService pool;
    // One permit per trial that ended, so the loop wakes when a place frees.
    private final Semaphore ended = new Semaphore(0);

    Threads(TrialRun executor, int parallelTrials) {
      this.executor = executor;
      this.pool = parallelTrials == 1 ? null : Executors.newFixedThreadPool(parallelTrials);
    }

    @Override
    public Future<TrialResult> start(Trial trial) {
      if (pool != null) {
        FutureTask<TrialResult> task =
            new FutureTask<>(() -> executor.run(trial)) {
              @Override
              protected void done() {
                ended.release(); // after the result is set, so the loop sees it done
              }
            };
        pool.execute(task);
        return task;
      }
      CompletableFuture<TrialResult> done = new CompletableFuture<>();
      try {
        done.complete(executor.run(trial));
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
      return done;
    }

    @Override
    public void awaitEnd() throws InterruptedException {
      ended.acquire();
    }

    @Override
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private static Trial report(Oracle oracle, Trial trial, TrialResult result) {
    if (result instanceof TrialResult.Completed completed) {
      return oracle.reportCompleted(trial.id(), completed.score());
    }
    if (result instanceof TrialResult.Failed failed) {
      return oracle.reportFailed(trial.id(), failed.message());
    }
    throw new IllegalArgumentException("result: expected Completed or Failed, received " + result);
  }
}
