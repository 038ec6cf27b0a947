package io.lenet5.tune;

/**
 * What one trial produced.
 *
 * @param result completed with a score, or failed; the search runner reports a completed trial with
 *     its objective's value at the last epoch of {@code history}, so an executor need not know the
 *     objective
 * @param checkpoint the bytes of the trial's checkpoint file; null when {@code result} is Failed
 * @param history what {@code histories/trial_NNNN.json} holds; null when {@code result} is Failed
 */
public record TrialOutcome(TrialResult result, byte[] checkpoint, TrialHistory history) {
  /** A trial that failed for a reason of its own, e.g. a diverged loss. */
  public static TrialOutcome failed(String message) {
    return new TrialOutcome(new TrialResult.Failed(message), null, null);
  }
}
