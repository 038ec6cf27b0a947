package io.lenet5.tune;

import java.util.List;
import java.util.Optional;

/**
 * Sees a search from the driver, e.g. to write TensorBoard logs. Called from the search's own
 * thread, one call at a time, never from an executor's threads.
 */
public interface SearchListener {
  /** A listener that does nothing. */
  SearchListener NONE = new SearchListener() {};

  /**
   * The search starts or resumes.
   *
   * @param search the search, for its spec, layout and schedule
   * @param earlier the trials recorded before this start, in hand-out order (empty for a new
   *     search); trials left RUNNING by a killed run are handed out again and reported later
   */
  default void onSearchStart(Tuner search, List<Trial> earlier) {}

  /**
   * The oracle recorded a trial, in hand-out order, after its files were written.
   *
   * @param reported the trial as recorded: COMPLETED with its score, or FAILED with its message
   * @param outcome what the executor returned for it
   */
  default void onTrialReported(Trial reported, TrialOutcome outcome) {}

  /**
   * The search ended: the oracle is finished and the results files are written. Not called when the
   * search stops with an exception.
   *
   * @param trials every trial, in hand-out order
   * @param best the best completed trial, if any
   */
  default void onSearchEnd(List<Trial> trials, Optional<Trial> best) {}
}
