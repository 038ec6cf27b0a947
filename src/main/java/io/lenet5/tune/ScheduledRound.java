package io.lenet5.tune;

/**
 * One round of one Hyperband bracket, as the schedule plans it.
 *
 * @param bracket the bracket number, 0 being plain random search
 * @param round the round within the bracket, 0 for freshly sampled configurations
 * @param trials how many trials the round runs
 * @param epochs the epoch each trial trains up to ({@code tuner/epochs})
 * @param initialEpoch the epoch each trial resumes from ({@code tuner/initial_epoch}), 0 in round 0
 */
public record ScheduledRound(int bracket, int round, int trials, int epochs, int initialEpoch) {

  /** Checks the numbers are consistent. */
  public ScheduledRound {
    if (bracket < 0 || round < 0 || round > bracket) {
      throw new IllegalArgumentException(
          "round: expected 0.." + bracket + " in bracket " + bracket + ", received " + round);
    }
    if (trials < 1 || initialEpoch < 0 || epochs <= initialEpoch) {
      throw new IllegalArgumentException(
          "expected trials >= 1 and 0 <= initialEpoch < epochs, received trials="
              + trials
              + ", initialEpoch="
              + initialEpoch
              + ", epochs="
              + epochs);
    }
  }

  /** Epochs this round trains when each trial resumes from its parent's checkpoint. */
  public long epochsWithResume() {
    return (long) trials * (epochs - initialEpoch);
  }

  /** Epochs this round would train if each trial started from scratch. */
  public long epochsFromScratch() {
    return (long) trials * epochs;
  }
}
