package io.lenet5.tune;

/**
 * One run of one bracket: Hyperband opens brackets from the highest number down to 0, then starts
 * the next iteration at the highest again, as Keras Tuner's {@code _increment_bracket_num} does.
 */
record BracketId(int iteration, int bracket) {

  static BracketId of(Trial trial) {
    return new BracketId(trial.iteration(), trial.bracket());
  }

  static BracketId first(HyperbandSchedule schedule) {
    return new BracketId(0, schedule.bracketCount() - 1);
  }

  /** Whether no bracket follows this one. */
  boolean isLast(HyperbandSchedule schedule) {
    return bracket == 0 && iteration == schedule.iterations() - 1;
  }

  BracketId next(HyperbandSchedule schedule) {
    return bracket > 0
        ? new BracketId(iteration, bracket - 1)
        : new BracketId(iteration + 1, schedule.bracketCount() - 1);
  }
}
