package io.lenet5.tune;

import io.lenet5.ProcessMemory;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Logs each trial's start and end: trial k of N, its place in the algorithm, score, best so far,
 * resident memory and an estimate of the time left from the epochs still to train.
 */
final class ProgressReporter {
  private final Oracle oracle;
  private final SearchPlan plan;
  private final PrintStream log;
  private final long start = System.nanoTime();
  private long epochsTrainedHere;

  ProgressReporter(Oracle oracle, PrintStream log) {
    this.oracle = oracle;
    this.plan = oracle.plan();
    this.log = log;
  }

  /** Wraps a trial's run with the log lines. */
  TunerLoop.TrialRun around(TunerLoop.TrialRun executor) {
    return trial -> {
      log.printf(
          Locale.ROOT,
          "trial %s (%d of %d): %s, epochs %d-%d, %s%n",
          trial.id(),
          trial.index() + 1,
          plan.totalTrials(),
          plan.placement(trial),
          trial.initialEpoch() + 1,
          trial.epochs(),
          Results.describe(trial.hyperparameters()));
      TrialResult result = executor.run(trial);
      // A trial boundary is a cheap moment to collect: the resident figure logged below then
      // shows what the run keeps, not garbage the JVM has yet to reclaim.
      System.gc();
      synchronized (this) {
        epochsTrainedHere += trial.epochs() - trial.initialEpoch();
        report(trial, result);
      }
      return result;
    };
  }

  private void report(Trial trial, TrialResult result) {
    String outcome =
        result instanceof TrialResult.Completed c
            ? String.format(Locale.ROOT, "%s %.4f", oracle.objective().metric(), c.score())
            : "failed: " + ((TrialResult.Failed) result).message();
    // The loop records this result after we return, so weigh it against the oracle's best here.
    Objective objective = oracle.objective();
    Trial best = oracle.best().orElse(null);
    if (result instanceof TrialResult.Completed c
        && (best == null || objective.isBetter(c.score(), best.score()))) {
      best = trial.completed(c.score());
    }
    String bestText =
        best == null
            ? "no best yet"
            : String.format(Locale.ROOT, "best %.4f (trial %s)", best.score(), best.id());
    log.printf(
        Locale.ROOT,
        "trial %s done: %s; %s; RSS %d MiB; %s%n",
        trial.id(),
        outcome,
        bestText,
        (long) ProcessMemory.residentMib(),
        timeLeft(trial));
  }

  /** Elapsed seconds per epoch trained in this process, times the epochs the schedule has left. */
  private String timeLeft(Trial justDone) {
    long done =
        oracle.trials().stream()
            .filter(t -> t.status() != TrialStatus.RUNNING || t.id().equals(justDone.id()))
            .mapToLong(t -> t.epochs() - t.initialEpoch())
            .sum();
    long left = Math.max(0, plan.epochsWithResume() - done);
    double secondsPerEpoch = (System.nanoTime() - start) / 1e9 / Math.max(1, epochsTrainedHere);
    long seconds = Math.round(left * secondsPerEpoch);
    return String.format(
        Locale.ROOT, "%d epochs left, about %dm%02ds", left, seconds / 60, seconds % 60);
  }
}
