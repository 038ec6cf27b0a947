package io.lenet5.tune;

import java.util.List;
import java.util.Optional;

/**
 * Decides which trial runs next and knows nothing of training: the seam between a search algorithm
 * and the loop, store, results and logs that every algorithm shares. An oracle writes each state
 * change to its {@link TrialStore} before it changes, so resuming is reloading; a trial still
 * RUNNING when the process died is handed out again, first, and trains from its start.
 *
 * <p>Implementations are thread-safe: trials may be out at once.
 */
public interface Oracle {

  /**
   * Hands out the next trial and records it as RUNNING, or says to wait for running trials, or that
   * the search is over.
   */
  NextTrial nextTrial();

  /**
   * A new oracle with this one's settings that keeps nothing, on which the loop replays the
   * recorded trials to find where a resumed search stands.
   */
  Oracle replica();

  /**
   * Records a trial's objective value; a NaN or infinite value marks it FAILED.
   *
   * @return the updated trial
   */
  Trial reportCompleted(String trialId, double score);

  /**
   * Records that a trial could not be scored.
   *
   * @return the updated trial
   */
  Trial reportFailed(String trialId, String message);

  /** Whether nothing is left to hand out and no trial is running. */
  boolean isFinished();

  /** All trials handed out so far, in hand-out order. */
  List<Trial> trials();

  /** The completed trial with the best objective value; the earliest one on a tie. */
  Optional<Trial> best();

  /** The metric and direction that rank trials. */
  Objective objective();

  /** The search's size, for progress lines and estimates. */
  SearchPlan plan();
}
