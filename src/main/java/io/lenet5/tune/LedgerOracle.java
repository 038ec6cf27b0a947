package io.lenet5.tune;

import java.util.List;
import java.util.Optional;

/**
 * What every oracle does the same way, around its {@link TrialLedger}: reruns first, then the
 * algorithm's {@link #next} recorded as it is handed out; reports, ranking and the trial list.
 * Subclasses decide only what comes next, and make their replica.
 */
abstract class LedgerOracle implements Oracle {
  /** The trials; guarded by this oracle's lock. */
  protected final TrialLedger ledger;

  LedgerOracle(TrialLedger ledger) {
    this.ledger = ledger;
  }

  /** The algorithm's next trial, wait or end, recording nothing; called under the lock. */
  protected abstract NextTrial next();

  @Override
  public synchronized NextTrial nextTrial() {
    Optional<Trial> rerun = ledger.nextRerun();
    if (rerun.isPresent()) {
      return new NextTrial.Run(rerun.get());
    }
    NextTrial next = next();
    if (next instanceof NextTrial.Run run) {
      ledger.add(run.trial());
    }
    return next;
  }

  @Override
  public synchronized Trial reportCompleted(String trialId, double score) {
    return ledger.reportCompleted(trialId, score);
  }

  @Override
  public synchronized Trial reportFailed(String trialId, String message) {
    return ledger.reportFailed(trialId, message);
  }

  @Override
  public synchronized boolean isFinished() {
    return !ledger.hasReruns() && next() instanceof NextTrial.Finished;
  }

  @Override
  public synchronized List<Trial> trials() {
    return List.copyOf(ledger.trials());
  }

  @Override
  public synchronized Optional<Trial> best() {
    return ledger.best();
  }
}
